import AgentGateway
import Foundation
import Logging
import Store

/// The server's own periodic work: due schedules (claimed exactly once across server processes), and
/// the gateway's revocation list, refreshed even when a notification was missed.
final class BackgroundWork: Sendable {
    private let task: Task<Void, Never>

    init(database: Database, gateway: GatewayContext, logger: Logger, every interval: Duration = .seconds(2)) {
        let schedules = ScheduleStore(database: database)
        task = Task {
            var rounds = 0
            while !Task.isCancelled {
                do {
                    while try await schedules.runDue() > 0 {}
                } catch {
                    logger.warning("scheduler: \(error)")
                }
                rounds += 1
                if rounds % 5 == 0 { await gateway.revocations.refresh() }
                try? await Task.sleep(for: interval)
            }
        }
    }

    func stop() { task.cancel() }
}

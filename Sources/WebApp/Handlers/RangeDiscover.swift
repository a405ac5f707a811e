import FleetCore
import Foundation
import Store

/// POST /ranges/:id/discover: queues a discovery of the range for its agent and shows the range's
/// page, which follows the discovery's progress.
enum RangeDiscover {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard try await context.ranges.find(id, scope: request.scope) != nil else { return .notFound }
            guard request.canManage else { return .forbidden }
            let command = try await context.commands.enqueueDiscovery(rangeID: id, scope: request.scope) { range in
                payload(range.discoveryMessage)
            }
            guard command != nil else { return .notFound }
            return .redirect(to: "/ranges/\(id)", flash: "ranges.discovery_queued")
        } catch {
            return StoreFailure.response(error, context, "queueing a discovery")
        }
    }

    /// The command as the JSON the queue stores (as the API and the scheduler encode it).
    static func payload(_ message: AgentCommandMessage) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(message)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

import FleetCore
import Foundation
import HTTPServer
import Store

/// GET /agent/v1/commands?after=ID&wait=SECONDS: the agent's unfinished commands newer than `after`,
/// at once if there are any, else as soon as one is queued (through any server process), else an
/// empty list after `wait` (at most 30 s). A revocation during the wait answers 403 and closes.
/// `progress=ID.scanned.total.found.read,…` reports running discoveries (shown live on the web).
enum CommandPoll {
    static let longestWait = 30

    static func handle(_ request: GatewayRequest, _ context: GatewayContext) async -> HTTPResponse {
        let items = request.http.queryItems
        let after = items.first { $0.name == "after" }.flatMap { Int64($0.value) } ?? 0
        let wait = min(max(items.first { $0.name == "wait" }.flatMap { Int($0.value) } ?? 0, 0), longestWait)
        let identity = request.identity
        do {
            try await context.agents.touch(identity)
            if let text = items.first(where: { $0.name == "progress" })?.value {
                try await context.commands.recordProgress(CommandProgress.parse(text), for: identity)
            }
            let ticket = context.notifier.register(identity.agentID)
            var pending = try await context.commands.pending(for: identity, after: after)
            if pending.isEmpty && wait > 0 {
                await context.notifier.wait(ticket, timeout: .seconds(wait))
                guard try await context.agents.validate(serial: identity.serial) != nil else { return GatewayResponse.rejected }
                pending = try await context.commands.pending(for: identity, after: after)
            } else {
                context.notifier.cancel(ticket)
            }
            try await context.commands.markSent(pending.map(\.id), for: identity)
            GatewayCounters.add(context.counters.commandsSent, pending.count)
            let decoder = JSONDecoder()
            let messages: [AgentCommandMessage] = pending.compactMap { command in
                guard var message = try? decoder.decode(AgentCommandMessage.self, from: Data(command.payload.utf8)) else {
                    context.logger.error("gateway: command \(command.id) has an unreadable payload")
                    return nil
                }
                message.commandID = command.id
                return message
            }
            return GatewayResponse.json(["commands": messages], request: request.http)
        } catch {
            context.logger.warning("gateway: commands for agent \(identity.agentID): \(error)")
            return GatewayResponse.error(.serviceUnavailable, "unavailable", "The server cannot reach its database; try again.")
        }
    }
}

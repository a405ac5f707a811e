import FleetCore
import Foundation
import HTTPServer
import Store

/// POST /api/v1/address-ranges/{id}/discover → 202 with the queued command: the range's agent scans
/// it now (at once when connected, else when it next connects). Managers and admins.
enum AddressRangeDiscover {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard let id = request.id() else { return APIResponse.notFound }
        do {
            guard try await context.ranges.find(id, scope: request.scope) != nil else { return APIResponse.notFound }
            guard request.scope.role.canManage else { return APIResponse.forbidden }
            let command = try await context.commands.enqueueDiscovery(rangeID: id, scope: request.scope) { range in
                let message = range.discoveryMessage
                return CommandPayload.encode(message)
            }
            guard let command else { return APIResponse.notFound }
            return APIResponse.ok(Representation.command(command), status: .accepted)
        } catch {
            return APIResponse.storeFailure(error, context, "queueing a discovery")
        }
    }
}

/// A command message as the JSON text stored in the queue.
enum CommandPayload {
    static func encode(_ message: AgentCommandMessage) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(message)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

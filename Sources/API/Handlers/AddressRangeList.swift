import HTTPServer
import Store

/// GET /api/v1/address-ranges[?agent_id=N]: the ranges within reach.
enum AddressRangeList {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        var agentID: Int64?
        if let text = request.query("agent_id") {
            guard let id = Int64(text) else { return APIResponse.invalid([FieldError("agent_id", "agent_id.invalid")]) }
            agentID = id
        }
        do {
            let ranges = try await context.ranges.list(scope: request.scope, agentID: agentID)
            return APIResponse.ok(Representation.list(ranges.map(Representation.addressRange)))
        } catch {
            return APIResponse.storeFailure(error, context, "listing address ranges")
        }
    }
}

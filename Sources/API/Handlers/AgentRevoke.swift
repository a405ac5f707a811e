import HTTPServer
import Store

/// POST /api/v1/agents/{id}/revoke: the agent's certificates stop working at once and its live
/// connections are closed (every server process hears of it). Admins only; repeating it is harmless.
enum AgentRevoke {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard let id = request.id() else { return APIResponse.notFound }
        guard request.scope.role.canAdminister else { return APIResponse.forbidden }
        do {
            guard let agent = try await context.agents.revoke(id, scope: request.scope) else { return APIResponse.notFound }
            return APIResponse.ok(Representation.agent(agent))
        } catch {
            return APIResponse.storeFailure(error, context, "revoking an agent")
        }
    }
}

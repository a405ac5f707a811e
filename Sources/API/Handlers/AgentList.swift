import HTTPServer
import Store

/// GET /api/v1/agents: every agent within reach, with status, last seen and certificate expiry.
enum AgentList {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        do {
            let agents = try await context.agents.list(scope: request.scope)
            return APIResponse.ok(Representation.list(agents.map(Representation.agent)))
        } catch {
            return APIResponse.storeFailure(error, context, "listing agents")
        }
    }
}

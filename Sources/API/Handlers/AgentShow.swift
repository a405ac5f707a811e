import HTTPServer
import Store

/// GET /api/v1/agents/{id}: one agent within reach (404 for anything else, including other tenants').
enum AgentShow {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard let id = request.id() else { return APIResponse.notFound }
        do {
            guard let agent = try await context.agents.find(id, scope: request.scope) else { return APIResponse.notFound }
            return APIResponse.ok(Representation.agent(agent))
        } catch {
            return APIResponse.storeFailure(error, context, "reading an agent")
        }
    }
}

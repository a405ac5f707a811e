import HTTPServer
import Secrets
import Store

/// POST /api/v1/agents `{"name", "organization_id"?}` → 201 with the agent and its one-time
/// `enrollment_token` (shown only here; valid 24 h). Admins only.
enum AgentCreate {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard var body = JSONBody(request.http.body) else { return APIResponse.badJSON }
        let name = body.string("name") ?? ""
        let organizationID = body.int("organization_id").map(Int64.init) ?? request.scope.homeOrganizationID
        guard body.problems.isEmpty else { return APIResponse.invalid(body.problems.map { FieldError($0.field, $0.code) }) }
        guard request.scope.role.canAdminister else { return APIResponse.forbidden }
        let token = "pce_" + Tokens.random(bytes: 24)
        do {
            switch try await context.agents.create(name: name, organizationID: organizationID, token: token, scope: request.scope) {
            case .invalid(let errors): return APIResponse.invalid(errors)
            case .saved(let agent):
                var object = Representation.agent(agent)
                object["enrollment_token"] = token
                return APIResponse.created(object, location: "/api/v1/agents/\(agent.id)")
            }
        } catch {
            return APIResponse.storeFailure(error, context, "creating an agent")
        }
    }
}

import Secrets
import Store

/// POST /agents: makes the agent and answers — with a page, not a redirect — the one-time enrolment
/// command holding its token. Only the token's digest is stored, so this page is the one chance to
/// copy it; like every page it is sent with `Cache-Control: no-store`.
enum AgentSave {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        let form = request.form
        let organizationID = form["organization_id"].map { Int64($0.trimmingCharacters(in: .whitespaces)) }
            ?? request.scope.homeOrganizationID
        let token = "pce_" + Tokens.random(bytes: 24)
        do {
            guard let organizationID, request.scope.contains(organizationID) else {
                var errors = FieldMessages()
                errors.add("organization_id", code: "organization.invalid", request: request)
                return try await invalid(request, context, errors)
            }
            switch try await context.agents.create(name: form.trimmed("name"), organizationID: organizationID, token: token,
                                                   scope: request.scope) {
            case .invalid(let problems):
                return try await invalid(request, context, FieldMessages(problems, request: request))
            case .saved(let agent):
                let server = AgentEnrolment.origin(request)
                return .page(.agentCreated, title: "agents.created_title", values: [
                    "agent": ["name": agent.name, "href": "/agents/\(agent.id)",
                              "expires": AgentRows.moment(agent.enrollmentExpiresAt ?? agent.createdAt, request)] as [String: Any],
                    "enrolCommand": "printercare-agent enroll --server \(server) --token \(token)",
                    "runCommand": "printercare-agent run",
                    "serviceCommand": "printercare-agent enroll --server \(server) --token \(token) --state-dir /var/lib/printercare-agent",
                ])
            }
        } catch {
            return StoreFailure.response(error, context, "creating an agent")
        }
    }

    private static func invalid(_ request: WebRequest, _ context: WebContext, _ errors: FieldMessages) async throws -> WebResponse {
        let organizations = try await context.organizations.list(scope: request.scope)
        return .page(.agentForm, title: "agents.create_title",
                     values: ["form": AgentForms.create(request, organizations: organizations, values: request.form, errors: errors),
                              "formError": request.text("validation.form_invalid")],
                     status: .unprocessableContent)
    }
}

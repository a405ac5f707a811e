/// GET /agents/new: the form for a new agent (a name, and the organization when the admin reaches several).
enum AgentCreate {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        do {
            let organizations = try await context.organizations.list(scope: request.scope)
            return .page(.agentForm, title: "agents.create_title",
                         values: ["form": AgentForms.create(request, organizations: organizations, values: FormData([]))])
        } catch {
            return StoreFailure.response(error, context, "showing the new-agent form")
        }
    }
}

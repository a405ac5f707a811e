/// POST /agents/:id/revoke: revokes the agent and its certificates; every server process drops its
/// live connection at once (the Store announces it). Revoking twice changes nothing more.
enum AgentRevoke {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard try await context.agents.revoke(id, scope: request.scope) != nil else { return .notFound }
            return .redirect(to: "/agents/\(id)", flash: "agents.revoked")
        } catch {
            return StoreFailure.response(error, context, "revoking an agent")
        }
    }
}

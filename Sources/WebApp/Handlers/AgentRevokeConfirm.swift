/// GET /agents/:id/revoke: says what revoking does and asks to confirm (admins).
enum AgentRevokeConfirm {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard let agent = try await context.agents.find(id, scope: request.scope) else { return .notFound }
            let devices = try await context.agents.deviceCounts(scope: request.scope)[agent.id] ?? 0
            return .page(.agentRevoke, title: "agents.revoke_title", values: [
                "agent": ["name": agent.name, "href": "/agents/\(agent.id)", "action": "/agents/\(agent.id)/revoke",
                          "devices": devices, "revoked": agent.revokedAt != nil] as [String: Any],
            ])
        } catch {
            return StoreFailure.response(error, context, "showing the revoke page")
        }
    }
}

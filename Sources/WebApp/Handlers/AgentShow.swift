import Store

/// GET /agents/:id: one agent's details, the address ranges it scans and how many devices it serves.
enum AgentShow {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard let agent = try await context.agents.find(id, scope: request.scope) else { return .notFound }
            let organization = try await context.organizations.find(agent.organizationID, scope: request.scope)
            let ranges = try await context.ranges.list(scope: request.scope, agentID: agent.id)
            let devices = try await context.agents.deviceCounts(scope: request.scope)[agent.id] ?? 0
            var values = AgentRows.values(agent, request, silenceMinutes: organization?.agentSilenceMinutes ?? 30,
                                          devices: devices, organization: organization?.name)
            values["revokeHref"] = "/agents/\(agent.id)/revoke"
            let rangeRows = ranges.map { range -> [String: Any] in
                ["name": range.name, "range": range.rangeText, "href": "/ranges/\(range.id)",
                 "exclusions": range.exclusions.count]
            }
            return .page(.agentShow, title: "agents.show_title", values: [
                "agent": values, "ranges": rangeRows, "hasRanges": !rangeRows.isEmpty,
                "canChange": request.session!.user.role.canAdminister && agent.revokedAt == nil,
            ])
        } catch {
            return StoreFailure.response(error, context, "showing an agent")
        }
    }
}

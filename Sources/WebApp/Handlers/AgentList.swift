import Store

/// GET /agents: every agent within reach with its state, version, last contact and certificate
/// expiry; `?silent=1` keeps those enrolled but not heard from lately (the overview links there).
enum AgentList {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        let silentOnly = request.http.queryItems.contains { $0.name == "silent" && $0.value == "1" }
        do {
            let agents = try await context.agents.list(scope: request.scope)
            let organizations = try await context.organizations.list(scope: request.scope)
            let counts = try await context.agents.deviceCounts(scope: request.scope)
            let silence = AgentRows.silenceMinutes(organizations)
            let tree = OrganizationTree(organizations)
            let several = organizations.count > 1
            let rows = agents.compactMap { agent -> [String: Any]? in
                let minutes = silence[agent.organizationID] ?? 30
                if silentOnly, AgentRows.state(agent, silenceMinutes: minutes) != "silent" { return nil }
                return AgentRows.values(agent, request, silenceMinutes: minutes, devices: counts[agent.id] ?? 0,
                                        organization: several ? tree.name(agent.organizationID) : nil)
            }
            return .page(.agentList, title: silentOnly ? "agents.silent_title" : "agents.title", values: [
                "agents": rows, "hasAgents": !rows.isEmpty, "silentOnly": silentOnly, "showOrganization": several,
                "canChange": request.session!.user.role.canAdminister,
            ])
        } catch {
            return StoreFailure.response(error, context, "listing agents")
        }
    }
}

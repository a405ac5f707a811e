extension WebApp {
    /// Agents, alerts, organization settings and API tokens.
    static func adminRoutes(_ routes: inout WebRouteTable) {
    }
}

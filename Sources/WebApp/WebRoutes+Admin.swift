extension WebApp {
    /// Agents, alerts, organization settings and API tokens. Agents are made and revoked by admins (as
    /// the Store and the API allow); alerts are acknowledged by managers and admins; settings are
    /// changed by admins and read by everyone; API tokens are each user's own.
    static func adminRoutes(_ routes: inout WebRouteTable) {
        routes.get("/agents", .signedIn, AgentList.handle)
        routes.get("/agents/new", .admin, AgentCreate.handle)
        routes.post("/agents", .admin, AgentSave.handle)
        routes.get("/agents/:id", .signedIn, AgentShow.handle)
        routes.get("/agents/:id/revoke", .admin, AgentRevokeConfirm.handle)
        routes.post("/agents/:id/revoke", .admin, AgentRevoke.handle)

        routes.get("/alerts", .signedIn, AlertList.handle)
        routes.post("/alerts/:id/acknowledge", .signedIn, AlertAcknowledge.handle)

        routes.get("/settings", .signedIn, SettingsShow.handle)
        routes.post("/settings", .admin, SettingsUpdate.handle)
        routes.upload("/settings/logo", .admin, maxBodyBytes: 300_000, SettingsLogoUpload.handle)
        routes.post("/settings/logo/remove", .admin, SettingsLogoRemove.handle)
        let context = routes.context
        routes.router.get("/organizations/:id/logo") { http in await LogoShow.handle(http, context) }

        routes.get("/settings/tokens", .signedIn, TokenList.handle)
        routes.post("/settings/tokens", .signedIn, TokenSave.handle)
        routes.post("/settings/tokens/:id/revoke", .signedIn, TokenRevoke.handle)
    }
}

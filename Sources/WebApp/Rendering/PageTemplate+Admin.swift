extension PageTemplate {
    static let agentList = PageTemplate(rawValue: "pages.agents.list")
    static let agentForm = PageTemplate(rawValue: "pages.agents.form")
    static let agentCreated = PageTemplate(rawValue: "pages.agents.created")
    static let agentShow = PageTemplate(rawValue: "pages.agents.show")
    static let agentRevoke = PageTemplate(rawValue: "pages.agents.revoke")
    static let alertList = PageTemplate(rawValue: "pages.alerts.list")
    static let settingsShow = PageTemplate(rawValue: "pages.settings.show")
    static let tokenList = PageTemplate(rawValue: "pages.settings.tokens")
    static let tokenCreated = PageTemplate(rawValue: "pages.settings.token_created")

    /// Agents, alerts, the organization's settings and API tokens.
    static let adminPages: [PageTemplate] = [
        .agentList, .agentForm, .agentCreated, .agentShow, .agentRevoke, .alertList, .settingsShow, .tokenList, .tokenCreated,
    ]
}

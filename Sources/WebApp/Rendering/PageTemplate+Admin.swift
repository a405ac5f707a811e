extension PageTemplate {
    /// Agents, alerts, the organization's settings and API tokens.
    static let adminPages: [PageTemplate] = []
}

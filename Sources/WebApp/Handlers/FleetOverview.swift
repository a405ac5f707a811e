/// GET /: the fleet at a glance. No devices exist yet, so it shows the empty state and how to begin.
enum FleetOverview {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        .page(.fleetOverview, title: "fleet.title")
    }
}

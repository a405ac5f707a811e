import Store

/// GET /: the fleet at a glance — devices by status, supplies running low, open alerts and agents not
/// seen lately, each a link to the list it counts — or, with no devices yet, how to begin.
/// One statement gathers every count.
enum FleetOverview {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        do {
            let summary = try await context.devices.summary(scope: request.scope)
            guard summary.devices > 0 else { return .page(.fleetOverview, title: "fleet.title", values: begin(request, summary)) }
            let statuses = [("online", summary.online), ("warning", summary.warning), ("error", summary.error), ("offline", summary.offline)]
            var alerts: [String: Any] = ["count": String(summary.openAlerts), "href": "/alerts", "attention": summary.openAlerts > 0]
            if summary.acknowledgedAlerts > 0 {
                alerts["acknowledged"] = request.text("devices.overview.acknowledged", ["n": String(summary.acknowledgedAlerts)])
                alerts["acknowledgedHref"] = "/alerts?state=acknowledged"
            }
            let values: [String: Any] = [
                "hasDevices": true,
                "total": request.text("devices.overview.total", ["n": String(summary.devices)]),
                "statuses": statuses.map { status, count -> [String: Any] in
                    ["label": request.text("devices.status.\(status)"), "count": String(count), "href": "/devices?status=\(status)",
                     "class": "status-\(status)", "attention": count > 0 && status != "online"]
                },
                "low": ["count": String(summary.lowSupply), "href": "/devices?low=1", "attention": summary.lowSupply > 0] as [String: Any],
                "alerts": alerts,
                "agents": ["count": String(summary.silentAgents), "href": "/agents?silent=1", "attention": summary.silentAgents > 0,
                           "of": request.text("devices.overview.agents_of", ["n": String(summary.agents)])] as [String: Any],
            ]
            return .page(.fleetOverview, title: "fleet.title", values: values)
        } catch {
            return StoreFailure.response(error, context, "showing the fleet overview")
        }
    }

    /// The empty state: the steps still to take, the ones done marked as such; a step the user may
    /// not take (adding an agent is for admins) is named without a link.
    static func begin(_ request: WebRequest, _ summary: FleetSummary) -> [String: Any] {
        let isAdmin = request.session?.user.role.canAdminister ?? false
        return [
            "hasDevices": false,
            "steps": [
                ["title": request.text("devices.overview.step_agent"), "hint": request.text("devices.overview.step_agent_hint"),
                 "href": "/agents/new", "linked": isAdmin, "done": summary.agents > 0],
                ["title": request.text("devices.overview.step_range"), "hint": request.text("devices.overview.step_range_hint"),
                 "href": "/ranges/new", "linked": request.canManage, "done": summary.ranges > 0],
                ["title": request.text("devices.overview.step_discover"), "hint": request.text("devices.overview.step_discover_hint"),
                 "href": "/ranges", "linked": true, "done": false],
            ] as [[String: Any]],
        ]
    }
}

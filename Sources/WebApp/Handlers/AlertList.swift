import Store

/// GET /alerts: the fleet's alerts, newest first, filtered by state (open, acknowledged, cleared,
/// all), severity and device text, 50 to a page.
enum AlertList {
    static let pageSize = 50

    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        let (filter, page) = AlertRows.filter(request)
        do {
            let (alerts, hasMore) = try await context.alerts.list(filter, page: page, pageSize: pageSize, scope: request.scope)
            let counts = try await context.alerts.counts(scope: request.scope)
            let rows = alerts.map { AlertRows.values($0, request, canManage: request.canManage) }
            var values: [String: Any] = [
                "alerts": rows, "hasAlerts": !rows.isEmpty,
                "counts": ["open": counts.open, "acknowledged": counts.acknowledged, "critical": counts.critical],
                "filterForm": ["fields": filterFields(request, filter)],
                "page": page,
                "returnTo": "/alerts" + AlertRows.query(filter, page: page),
            ]
            if page > 1 { values["previousHref"] = "/alerts" + AlertRows.query(filter, page: page - 1) }
            if hasMore { values["nextHref"] = "/alerts" + AlertRows.query(filter, page: page + 1) }
            return .page(.alertList, title: "alerts.title", values: values)
        } catch {
            return StoreFailure.response(error, context, "listing alerts")
        }
    }

    private static func filterFields(_ request: WebRequest, _ filter: AlertFilter) -> [[String: Any]] {
        let states = AlertFilter.State.allCases.map { ($0.rawValue, request.text("alerts.state.\($0.rawValue)")) }
        let severities = [("", request.text("alerts.severity.any"))]
            + AlertFilter.severities.map { ($0, AlertRows.severityText($0, request)) }
        var device = FormFields.input("device", label: request.text("alerts.device_filter"), type: "search", value: filter.device,
                                      autocomplete: "off", required: false, maxLength: 200)
        device["id"] = "filter-device"
        return [
            FormFields.select("state", label: request.text("alerts.state_filter"), options: states, selected: filter.state.rawValue),
            FormFields.select("severity", label: request.text("alerts.severity_filter"), options: severities,
                              selected: filter.severity ?? ""),
            device,
        ]
    }
}

import Store

/// How the alert list reads its query and shows each alert: the RFC 3805 code in words, the severity,
/// the device, and who acknowledged it.
enum AlertRows {
    /// The filter of `?state=&severity=&device=&page=`; unknown values fall back to the defaults.
    static func filter(_ request: WebRequest) -> (filter: AlertFilter, page: Int) {
        var filter = AlertFilter()
        var page = 1
        for (name, value) in request.http.queryItems {
            switch name {
            case "state": filter.state = AlertFilter.State(rawValue: value) ?? .open
            case "severity": filter.severity = AlertFilter.severities.contains(value) ? value : nil
            case "device":
                let text = value.trimmingCharacters(in: .whitespaces)
                filter.device = text.isEmpty ? nil : String(text.prefix(200))
            case "page": page = Int(value).map { max(1, min($0, 10_000)) } ?? 1
            default: break
            }
        }
        return (filter, page)
    }

    /// The query string of `filter` at `page`, for links that keep it.
    static func query(_ filter: AlertFilter, page: Int) -> String {
        var items = ["state=" + filter.state.rawValue]
        if let severity = filter.severity { items.append("severity=" + severity) }
        if let device = filter.device { items.append("device=" + PercentEncoding.encode(device)) }
        if page > 1 { items.append("page=\(page)") }
        return "?" + items.joined(separator: "&")
    }

    /// The alert code in the page's language; a code without a text shows as its RFC 3805 name.
    static func codeText(_ code: String, _ request: WebRequest) -> String {
        let key = "alerts.codes." + code
        return request.catalog.contains(key) ? request.text(key) : code.replacingOccurrences(of: "_", with: " ")
    }

    static func severityText(_ severity: String, _ request: WebRequest) -> String {
        let key = "alerts.severity." + severity
        return request.catalog.contains(key) ? request.text(key) : severity
    }

    static let badges = ["critical": "badge-danger", "warning": "badge-warn", "warning_binary_change_event": "badge-warn"]

    /// One alert as a table row.
    static func values(_ alert: DeviceAlert, _ request: WebRequest, canManage: Bool) -> [String: Any] {
        let model = [alert.deviceManufacturer, alert.deviceModel].compactMap { $0 }.joined(separator: " ")
        var values: [String: Any] = [
            "id": alert.id,
            "device": alert.deviceAssetNumber.map { "\($0) · \(model)" } ?? (model.isEmpty ? alert.deviceAddress : model),
            "address": alert.deviceAddress,
            "deviceHref": "/devices/\(alert.deviceID)",
            "severity": severityText(alert.severity, request),
            "badge": badges[alert.severity] ?? "badge-off",
            "code": codeText(alert.code, request),
            "opened": AgentRows.moment(alert.openedAt, request),
        ]
        if let description = alert.description, !description.isEmpty { values["description"] = description }
        if let cleared = alert.clearedAt { values["cleared"] = AgentRows.moment(cleared, request) }
        if let acknowledged = alert.acknowledgedAt {
            values["acknowledged"] = request.text("alerts.acknowledged_by", [
                "name": alert.acknowledgedBy ?? request.text("alerts.someone"), "time": WebDates.dateTime(acknowledged, request),
            ])
        }
        if canManage, alert.clearedAt == nil, alert.acknowledgedAt == nil {
            values["acknowledgeAction"] = "/alerts/\(alert.id)/acknowledge"
        }
        return values
    }
}

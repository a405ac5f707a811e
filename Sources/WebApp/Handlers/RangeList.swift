import Store

/// GET /ranges: every range within reach with its agent, SNMP settings, the devices found through it
/// and its latest discovery; managers get "discover now", edit and delete.
enum RangeList {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        do {
            let summaries = try await context.ranges.summaries(scope: request.scope)
            let agents = Dictionary(uniqueKeysWithValues: try await context.agents.list(scope: request.scope).map { ($0.id, $0.name) })
            let rows = summaries.map { summary -> [String: Any] in
                var row = row(summary.range, agentName: agents[summary.range.agentID], request)
                row["devices"] = summary.deviceCount
                let discovery = RangeDiscovery(summary.latestDiscovery)
                row["discovery"] = discovery.values(request)
                if let command = summary.latestDiscovery {
                    row["lastDiscovery"] = WebDates.dateTime(command.completedAt ?? command.createdAt, request)
                }
                return row
            }
            return .page(.rangeList, title: "ranges.title",
                         values: ["ranges": rows, "hasRanges": !rows.isEmpty, "canManage": request.canManage])
        } catch {
            return StoreFailure.response(error, context, "listing address ranges")
        }
    }

    /// What the list and the range's page show of a range.
    /// The community (a credential) is shown only to those who may change the range.
    static func row(_ range: StoredAddressRange, agentName: String?, _ request: WebRequest) -> [String: Any] {
        var row: [String: Any] = [
            "id": range.id, "name": range.name, "rangeText": range.rangeText,
            "exclusions": range.exclusions.isEmpty ? request.text("common.none") : range.exclusions.joined(separator: ", "),
            "exclusionCount": range.exclusions.count,
            "agent": agentName ?? request.text("common.none"),
            "snmp": request.text("ranges.snmp_summary", ["version": range.snmpVersion, "port": String(range.snmpPort)]),
            "href": "/ranges/\(range.id)", "editHref": "/ranges/\(range.id)/edit", "deleteHref": "/ranges/\(range.id)/delete",
            "discoverAction": "/ranges/\(range.id)/discover",
        ]
        if request.canManage { row["community"] = range.snmpCommunity }
        return row
    }
}

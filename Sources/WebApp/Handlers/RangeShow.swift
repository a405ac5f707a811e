import Store

/// GET /ranges/:id: the range's details, its latest discovery's progress and the printers found
/// through it. While a discovery runs the page refreshes itself every 3 s without JavaScript; with
/// it, `ranges.js` polls `/ranges/:id/progress` and updates the numbers in place.
enum RangeShow {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard let range = try await context.ranges.find(id, scope: request.scope) else { return .notFound }
            let discovery = RangeDiscovery(try await context.ranges.latestDiscovery(of: range, scope: request.scope))
            let (devices, deviceCount) = try await context.ranges.devices(ofRange: id, scope: request.scope)
            let agent = try await context.agents.find(range.agentID, scope: request.scope)
            var values: [String: Any] = [
                "range": RangeList.row(range, agentName: agent?.name, request),
                "discovery": discovery.values(request),
                "devices": devices.map { RangeDiscovery.device($0, request) },
                "hasDevices": !devices.isEmpty,
                "deviceCount": request.text("ranges.devices_count", ["n": String(deviceCount)]),
                "canManage": request.canManage,
                "progressURL": "/ranges/\(id)/progress",
                "scripts": [context.staticFiles.url(for: "/ranges.js")],
            ]
            if !discovery.isFinished { values["refresh"] = 3 }
            return .page(.rangeShow, title: "ranges.show_title", values: values)
        } catch {
            return StoreFailure.response(error, context, "showing an address range")
        }
    }
}

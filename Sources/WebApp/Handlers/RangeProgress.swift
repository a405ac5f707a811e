import Store

/// GET /ranges/:id/progress: the latest discovery's state and numbers as JSON (`state`, `label`,
/// `scanned`, `total`, `found`, `read`, `result`, `done`, `devices`), polled by `ranges.js`.
enum RangeProgress {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard let range = try await context.ranges.find(id, scope: request.scope) else { return .notFound }
            let discovery = RangeDiscovery(try await context.ranges.latestDiscovery(of: range, scope: request.scope))
            let (devices, count) = try await context.ranges.devices(ofRange: id, scope: request.scope)
            return .json(discovery.json(request, devices: devices, deviceCount: count))
        } catch {
            return StoreFailure.response(error, context, "reading a discovery's progress")
        }
    }
}

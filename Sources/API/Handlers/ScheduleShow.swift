import HTTPServer
import Store

/// GET /api/v1/schedules/{id}.
enum ScheduleShow {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard let id = request.id() else { return APIResponse.notFound }
        do {
            guard let schedule = try await context.schedules.find(id, scope: request.scope) else { return APIResponse.notFound }
            return APIResponse.ok(Representation.schedule(schedule))
        } catch {
            return APIResponse.storeFailure(error, context, "reading a schedule")
        }
    }
}

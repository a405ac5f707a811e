import HTTPServer
import Store

/// GET /api/v1/schedules.
enum ScheduleList {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        do {
            return APIResponse.ok(Representation.list(try await context.schedules.list(scope: request.scope).map(Representation.schedule)))
        } catch {
            return APIResponse.storeFailure(error, context, "listing schedules")
        }
    }
}

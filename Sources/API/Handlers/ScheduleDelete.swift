import HTTPServer
import Store

/// DELETE /api/v1/schedules/{id} → 204.
enum ScheduleDelete {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard let id = request.id() else { return APIResponse.notFound }
        do {
            guard try await context.schedules.find(id, scope: request.scope) != nil else { return APIResponse.notFound }
            guard request.scope.role.canManage else { return APIResponse.forbidden }
            return try await context.schedules.delete(id, scope: request.scope) ? APIResponse.noContent : APIResponse.notFound
        } catch {
            return APIResponse.storeFailure(error, context, "deleting a schedule")
        }
    }
}

import HTTPServer
import Store

/// POST /api/v1/schedules/{id}/run → 202 with the commands queued ("run now").
enum ScheduleRun {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard let id = request.id() else { return APIResponse.notFound }
        do {
            guard try await context.schedules.find(id, scope: request.scope) != nil else { return APIResponse.notFound }
            guard request.scope.role.canManage else { return APIResponse.forbidden }
            guard let commands = try await context.schedules.runNow(id, scope: request.scope) else { return APIResponse.notFound }
            return APIResponse.ok(Representation.list(commands.map(Representation.command)), status: .accepted)
        } catch {
            return APIResponse.storeFailure(error, context, "running a schedule")
        }
    }
}

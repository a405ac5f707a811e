import Store

/// POST /schedules/:id/delete: deletes the schedule (managers and admins).
enum ScheduleDelete {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard try await context.schedules.find(id, scope: request.scope) != nil else { return .notFound }
            guard request.canManage else { return .forbidden }
            guard try await context.schedules.delete(id, scope: request.scope) else { return .notFound }
            return .redirect(to: "/schedules", flash: "schedules.deleted")
        } catch {
            return StoreFailure.response(error, context, "deleting a schedule")
        }
    }
}

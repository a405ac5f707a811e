import Store

/// POST /schedules/:id/run: queues the schedule's commands now; its regular times are unchanged.
enum ScheduleRun {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard try await context.schedules.find(id, scope: request.scope) != nil else { return .notFound }
            guard request.canManage else { return .forbidden }
            guard let commands = try await context.schedules.runNow(id, scope: request.scope) else { return .notFound }
            return .redirect(to: "/schedules", flash: commands.isEmpty ? "schedules.run_nothing" : "schedules.run_queued")
        } catch {
            return StoreFailure.response(error, context, "running a schedule now")
        }
    }
}

import Store

/// POST /schedules/:id/enabled with `enabled=true|false`: turns the schedule on or off, its times
/// unchanged (managers and admins).
enum ScheduleToggle {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        guard let enabled = ["true": true, "false": false][request.form.trimmed("enabled")] else { return .badRequest }
        do {
            guard let schedule = try await context.schedules.find(id, scope: request.scope) else { return .notFound }
            guard request.canManage else { return .forbidden }
            let times = schedule.times
            let draft = ScheduleDraft(kind: schedule.kind, addressRangeID: schedule.addressRangeID, intervalMinutes: times.intervalMinutes,
                                      timesOfDay: times.intervalMinutes == nil ? times.timesOfDay : nil,
                                      daysOfWeek: times.intervalMinutes == nil ? times.daysOfWeek : nil, isEnabled: enabled)
            switch try await context.schedules.update(id, draft, scope: request.scope) {
            case nil: return .notFound
            case .saved?: return .redirect(to: "/schedules", flash: enabled ? "schedules.enabled_now" : "schedules.disabled_now")
            case .invalid?: return .badRequest
            }
        } catch {
            return StoreFailure.response(error, context, "enabling or disabling a schedule")
        }
    }
}

import Store

/// POST /schedules/:id/update: saves the schedule (its next run is computed again); bad input
/// re-shows the form and changes nothing.
enum ScheduleUpdate {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        let (draft, problems) = ScheduleForms.draft(request.form)
        do {
            guard let schedule = try await context.schedules.find(id, scope: request.scope) else { return .notFound }
            guard request.canManage else { return .forbidden }
            let all = problems + draft.validate()
            guard all.isEmpty else {
                return try await ScheduleEdit.page(request, context, schedule: schedule, values: request.form,
                                                   errors: FieldMessages(all, request: request))
            }
            switch try await context.schedules.update(id, draft, scope: request.scope) {
            case nil: return .notFound
            case .saved?: return .redirect(to: "/schedules", flash: "schedules.updated")
            case .invalid(let errors)?:
                return try await ScheduleEdit.page(request, context, schedule: schedule, values: request.form,
                                                   errors: FieldMessages(errors, request: request))
            }
        } catch {
            return StoreFailure.response(error, context, "updating a schedule")
        }
    }
}

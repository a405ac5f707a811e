import Store

/// POST /schedules: creates the schedule; invalid input re-shows the form and stores nothing.
enum ScheduleSave {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard request.canManage else { return .forbidden }
        let (draft, problems) = ScheduleForms.draft(request.form)
        do {
            let all = problems + draft.validate()
            guard all.isEmpty else {
                return try await ScheduleCreate.page(request, context, values: request.form, errors: FieldMessages(all, request: request))
            }
            switch try await context.schedules.create(draft, organizationID: request.scope.homeOrganizationID, scope: request.scope) {
            case .saved: return .redirect(to: "/schedules", flash: "schedules.created")
            case .invalid(let errors):
                return try await ScheduleCreate.page(request, context, values: request.form, errors: FieldMessages(errors, request: request))
            }
        } catch {
            return StoreFailure.response(error, context, "creating a schedule")
        }
    }
}

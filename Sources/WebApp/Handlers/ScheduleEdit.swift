import Store

/// GET /schedules/:id/edit: the schedule's form filled with its stored values (managers and admins).
enum ScheduleEdit {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard let schedule = try await context.schedules.find(id, scope: request.scope) else { return .notFound }
            guard request.canManage else { return .forbidden }
            return try await page(request, context, schedule: schedule, values: ScheduleForms.values(schedule))
        } catch {
            return StoreFailure.response(error, context, "showing a schedule's form")
        }
    }

    static func page(_ request: WebRequest, _ context: WebContext, schedule: Schedule, values: FormData,
                     errors: FieldMessages = FieldMessages()) async throws -> WebResponse {
        let ranges = try await context.ranges.list(scope: request.scope).filter { $0.organizationID == schedule.organizationID }
        let zone = try await context.organizations.find(schedule.organizationID, scope: request.scope)?.timeZone
        let form = ScheduleForms.page(request, action: "/schedules/\(schedule.id)/update", ranges: ranges, values: values, errors: errors,
                                      zone: zone)
        return .page(.scheduleForm, title: "schedules.edit_title", values: ["form": form],
                     status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}

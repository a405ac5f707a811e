import Store

/// GET /schedules/new: the form for a new schedule (managers and admins).
enum ScheduleCreate {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard request.canManage else { return .forbidden }
        var values = ScheduleForms.defaults
        if let range = request.http.queryItems.first(where: { $0.name == "range" })?.value, Int64(range) != nil {
            values = FormData([("address_range_id", range)] + values.names.map { ($0, values[$0] ?? "") })
        }
        do {
            return try await page(request, context, values: values)
        } catch {
            return StoreFailure.response(error, context, "showing the new-schedule form")
        }
    }

    static func page(_ request: WebRequest, _ context: WebContext, values: FormData,
                     errors: FieldMessages = FieldMessages()) async throws -> WebResponse {
        let ranges = try await context.ranges.list(scope: request.scope)
        return .page(.scheduleForm, title: "schedules.create_title",
                     values: ["form": ScheduleForms.page(request, action: "/schedules", ranges: ranges, values: values, errors: errors)],
                     status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}

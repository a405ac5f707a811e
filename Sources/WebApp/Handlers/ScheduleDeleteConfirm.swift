import Store

/// GET /schedules/:id/delete: asks before deleting the schedule.
enum ScheduleDeleteConfirm {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard let schedule = try await context.schedules.find(id, scope: request.scope) else { return .notFound }
            guard request.canManage else { return .forbidden }
            var rangeName: String?
            if let rangeID = schedule.addressRangeID { rangeName = try await context.ranges.find(rangeID, scope: request.scope)?.name }
            let all = schedule.kind == "discovery" ? "schedules.range_all_ranges" : "schedules.range_all_devices"
            let zone = try await context.organizations.find(schedule.organizationID, scope: request.scope)?.timeZone ?? request.timeZone
            return .page(.scheduleDelete, title: "schedules.delete_title", values: [
                "subject": [
                    "kind": request.text("schedules.kind_\(schedule.kind)"), "range": rangeName ?? request.text(all),
                    "when": ScheduleWords.describe(schedule.times, request, zone: zone),
                    "action": "/schedules/\(id)/delete", "cancel": "/schedules",
                ],
            ])
        } catch {
            return StoreFailure.response(error, context, "asking to delete a schedule")
        }
    }
}

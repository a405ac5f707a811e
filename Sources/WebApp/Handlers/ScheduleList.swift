import Store

/// GET /schedules: discovery and status schedules within reach, their times in words and their next
/// and last runs in each schedule's organization's time zone (named where it is not the viewer's);
/// managers get edit, enable/disable, run now, delete.
enum ScheduleList {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        do {
            let schedules = try await context.schedules.list(scope: request.scope)
            let ranges = Dictionary(uniqueKeysWithValues: try await context.ranges.list(scope: request.scope).map { ($0.id, $0.name) })
            let zones = Dictionary(uniqueKeysWithValues: try await context.organizations.list(scope: request.scope).map { ($0.id, $0.timeZone) })
            let rows = schedules.map { schedule -> [String: Any] in
                let all = schedule.kind == "discovery" ? "schedules.range_all_ranges" : "schedules.range_all_devices"
                let zone = zones[schedule.organizationID] ?? request.timeZone
                var row: [String: Any] = [
                    "id": schedule.id,
                    "kind": request.text("schedules.kind_\(schedule.kind)"),
                    "range": schedule.addressRangeID.flatMap { ranges[$0] } ?? request.text(all),
                    "when": ScheduleWords.describe(schedule.times, request, zone: zone),
                    "enabled": schedule.isEnabled,
                    "nextRun": schedule.isEnabled ? ScheduleWords.runTime(schedule.nextRunAt, request, zone: zone) : request.text("common.none"),
                    "lastRun": schedule.lastRunAt.map { ScheduleWords.runTime($0, request, zone: zone) } ?? request.text("time.never"),
                    "editHref": "/schedules/\(schedule.id)/edit", "deleteHref": "/schedules/\(schedule.id)/delete",
                    "toggleAction": "/schedules/\(schedule.id)/enabled", "runAction": "/schedules/\(schedule.id)/run",
                    "toggleValue": schedule.isEnabled ? "false" : "true",
                    "toggleLabel": request.text(schedule.isEnabled ? "schedules.disable" : "schedules.enable"),
                ]
                if let rangeID = schedule.addressRangeID { row["rangeHref"] = "/ranges/\(rangeID)" }
                return row
            }
            return .page(.scheduleList, title: "schedules.title",
                         values: ["schedules": rows, "hasSchedules": !rows.isEmpty, "canManage": request.canManage,
                                  "zone": request.timeZone])
        } catch {
            return StoreFailure.response(error, context, "listing schedules")
        }
    }
}

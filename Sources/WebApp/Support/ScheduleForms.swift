import Store

/// The schedule form: reading a draft from the posted fields (interval, or times of day with weekday
/// checkboxes `day_1` … `day_7`), and the values to show with the messages next to the fields.
enum ScheduleForms {
    /// The draft the form describes, and the problems only the form can see (unreadable times, a
    /// discovery without a range).
    static func draft(_ form: FormData) -> (draft: ScheduleDraft, problems: [FieldError]) {
        var problems: [FieldError] = []
        let kind = form.trimmed("kind")
        let rangeText = form.trimmed("address_range_id")
        let rangeID = Int64(rangeText)
        if !rangeText.isEmpty, rangeID == nil { problems.append(FieldError("address_range_id", "address_range_id.invalid")) }
        if kind == "discovery", rangeText.isEmpty { problems.append(FieldError("address_range_id", "address_range_id.required")) }
        let intervalText = form.trimmed("interval_minutes")
        var interval: Int?
        if !intervalText.isEmpty {
            interval = Int(intervalText)
            if interval == nil { problems.append(FieldError("interval_minutes", "interval_minutes.invalid")); interval = 0 }
        }
        let timesText = form.trimmed("times_of_day")
        var times: [Int]?
        var days: [Int]?
        if !timesText.isEmpty {
            let parts = timesText.split { $0 == "," || $0 == ";" || $0.isWhitespace }.map { minutes(String($0)) }
            if parts.contains(nil) { problems.append(FieldError("times_of_day", "times_of_day.invalid")) }
            times = parts.compactMap { $0 }
            days = (1...7).filter { form["day_\($0)"] != nil }
        }
        let draft = ScheduleDraft(kind: kind, addressRangeID: rangeID, intervalMinutes: interval, timesOfDay: times,
                                  daysOfWeek: days, isEnabled: form["enabled"] != nil)
        return (draft, problems)
    }

    /// "7:00" or "07:00" as minutes after midnight.
    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2, let hours = Int(parts[0]),
              let minutes = Int(parts[1]), (0...23).contains(hours), (0...59).contains(minutes) else { return nil }
        return hours * 60 + minutes
    }

    /// The form values of a stored schedule.
    static func values(_ schedule: Schedule) -> FormData {
        var pairs: [(String, String)] = [("kind", schedule.kind), ("address_range_id", schedule.addressRangeID.map(String.init) ?? "")]
        if let interval = schedule.times.intervalMinutes {
            pairs.append(("interval_minutes", String(interval)))
        } else {
            pairs.append(("times_of_day", ScheduleWords.clock(schedule.times.timesOfDay)))
            pairs += schedule.times.daysOfWeek.map { ("day_\($0)", "on") }
        }
        if schedule.isEnabled { pairs.append(("enabled", "on")) }
        return FormData(pairs)
    }

    /// The values of a new schedule's form: discovery once a day at 07:00 on weekdays, enabled.
    static let defaults = FormData([("kind", "discovery"), ("times_of_day", "07:00"), ("day_1", "on"), ("day_2", "on"),
                                    ("day_3", "on"), ("day_4", "on"), ("day_5", "on"), ("enabled", "on")])

    /// `zone`: the schedule's organization's time zone, named in the hint when it is not the viewer's.
    static func page(_ request: WebRequest, action: String, ranges: [StoredAddressRange], values: FormData,
                     errors: FieldMessages = FieldMessages(), zone: String? = nil) -> [String: Any] {
        let t = { (key: String) in request.text("schedules." + key) }
        var timesHint = t("times_hint")
        if let zone, zone != request.timeZone { timesHint += " " + request.text("schedules.times_zone", ["zone": zone]) }
        let kinds = [("discovery", t("kind_discovery")), ("status", t("kind_status"))]
        let rangeOptions = [(value: "", label: t("range_all"))] + ranges.map { (String($0.id), "\($0.name) (\($0.rangeText))") }
        var days: [String: Any] = ["legend": t("days"), "hint": t("days_hint"),
                                   "days": (1...7).map { day -> [String: Any] in
                                       ["id": "field-day_\(day)", "name": "day_\(day)", "label": t("day.\(day)"),
                                        "checked": values["day_\(day)"] != nil]
                                   }]
        if let error = errors["days_of_week"] { days["error"] = error }
        var page: [String: Any] = [
            "action": action, "cancel": "/schedules",
            "main": [
                FormFields.select("kind", label: t("kind"), options: kinds, selected: values["kind"], error: errors["kind"],
                                  hint: t("kind_hint")),
                FormFields.select("address_range_id", label: t("range"), options: rangeOptions, selected: values["address_range_id"],
                                  error: errors["address_range_id"], hint: t("range_hint")),
            ],
            "interval": [FormFields.input("interval_minutes", label: t("interval"), type: "number", value: values["interval_minutes"],
                                          error: errors["interval_minutes"], hint: t("interval_hint"), autocomplete: "off",
                                          required: false, maxLength: 6)],
            "times": [FormFields.input("times_of_day", label: t("times"), value: values["times_of_day"], error: errors["times_of_day"],
                                       hint: timesHint, autocomplete: "off", required: false, maxLength: 400)],
            "days": days,
            "enabled": values["enabled"] != nil,
        ]
        if !errors.isEmpty { page["formError"] = request.text("validation.form_invalid") }
        return page
    }
}

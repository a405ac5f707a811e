import Store

/// The JSON body of a schedule create or PATCH: `kind`, `address_range_id`?, `interval_minutes` or
/// `times_of_day` ("HH:MM" strings) with `days_of_week` (1 = Monday … 7 = Sunday), `enabled`?.
enum ScheduleBody {
    static func draft(_ body: inout JSONBody, base: Schedule?) -> ScheduleDraft {
        var draft = base.map {
            ScheduleDraft(kind: $0.kind, addressRangeID: $0.addressRangeID, intervalMinutes: $0.times.intervalMinutes,
                          timesOfDay: $0.times.intervalMinutes == nil ? $0.times.timesOfDay : nil,
                          daysOfWeek: $0.times.intervalMinutes == nil ? $0.times.daysOfWeek : nil, isEnabled: $0.isEnabled)
        } ?? ScheduleDraft(kind: "")
        if body.has("kind") { draft.kind = body.string("kind") ?? "" }
        if body.object.keys.contains("address_range_id") { draft.addressRangeID = body.int("address_range_id").map(Int64.init) }
        if body.has("interval_minutes") {
            draft.intervalMinutes = body.int("interval_minutes")
            if base != nil && !body.has("times_of_day") { draft.timesOfDay = nil; draft.daysOfWeek = nil }
        }
        if body.has("times_of_day") {
            if let texts = body.stringArray("times_of_day") {
                let minutes = texts.map(minutesOfDay)
                if minutes.contains(nil) { body.fail("times_of_day") } else { draft.timesOfDay = minutes.compactMap { $0 } }
            }
            if base != nil && !body.has("interval_minutes") { draft.intervalMinutes = nil }
        }
        if body.has("days_of_week") { draft.daysOfWeek = body.intArray("days_of_week") }
        if body.has("enabled") { draft.isEnabled = body.bool("enabled") ?? true }
        return draft
    }

    /// "HH:MM" (24-hour) as minutes after midnight.
    static func minutesOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
              (0...23).contains(hours), (0...59).contains(minutes) else { return nil }
        return hours * 60 + minutes
    }
}

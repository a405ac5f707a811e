import FleetCore
import Foundation

/// A discovery or status schedule of one range, or of all of an organization's ranges/devices.
public struct Schedule: Sendable, Equatable {
    public let id: Int64
    public let organizationID: Int64
    public var kind: String
    public var addressRangeID: Int64?
    public var times: ScheduleTimes
    public var isEnabled: Bool
    public let nextRunAt: Date
    public let lastRunAt: Date?
    public let createdAt: Date

    /// The one place a row becomes a `Schedule`.
    init(row: Row) throws(StoreError) {
        id = try row.int64("id")
        organizationID = try row.int64("organization_id")
        kind = try row.string("kind")
        addressRangeID = try row.optionalInt64("address_range_id")
        times = ScheduleTimes(intervalMinutes: try row.optionalInt("interval_minutes"),
                              timesOfDay: try row.isNull("times_of_day") ? [] : try row.int64Array("times_of_day").map { Int($0) },
                              daysOfWeek: try row.isNull("days_of_week") ? [] : try row.int64Array("days_of_week").map { Int($0) })
        isEnabled = try row.bool("is_enabled")
        nextRunAt = try row.date("next_run_at")
        lastRunAt = try row.optionalDate("last_run_at")
        createdAt = try row.date("created_at")
    }

    static let columns: SQL = """
        s.id, s.organization_id, s.kind, s.address_range_id, s.interval_minutes, s.times_of_day, s.days_of_week,
        s.is_enabled, s.next_run_at, s.last_run_at, s.created_at
        """
}

/// What a form or API call supplies for a schedule.
public struct ScheduleDraft: Sendable {
    public var kind: String
    public var addressRangeID: Int64?
    public var intervalMinutes: Int?
    public var timesOfDay: [Int]?
    public var daysOfWeek: [Int]?
    public var isEnabled: Bool

    public init(kind: String, addressRangeID: Int64? = nil, intervalMinutes: Int? = nil, timesOfDay: [Int]? = nil,
                daysOfWeek: [Int]? = nil, isEnabled: Bool = true) {
        self.kind = kind
        self.addressRangeID = addressRangeID
        self.intervalMinutes = intervalMinutes
        self.timesOfDay = timesOfDay
        self.daysOfWeek = daysOfWeek
        self.isEnabled = isEnabled
    }

    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if !["discovery", "status"].contains(kind) { errors.append(FieldError("kind", "kind.invalid")) }
        switch (intervalMinutes, timesOfDay) {
        case (let minutes?, nil):
            if !(1...525_600).contains(minutes) { errors.append(FieldError("interval_minutes", "interval_minutes.invalid")) }
            if daysOfWeek != nil { errors.append(FieldError("days_of_week", "days_of_week.needs_times_of_day")) }
        case (nil, let times?):
            if times.isEmpty || times.count > 48 || times.contains(where: { !(0...1439).contains($0) }) || Set(times).count != times.count {
                errors.append(FieldError("times_of_day", "times_of_day.invalid"))
            }
            let days = daysOfWeek ?? [1, 2, 3, 4, 5, 6, 7]
            if days.isEmpty || days.contains(where: { !(1...7).contains($0) }) || Set(days).count != days.count {
                errors.append(FieldError("days_of_week", "days_of_week.invalid"))
            }
        case (nil, nil): errors.append(FieldError("interval_minutes", "interval_minutes.required"))
        case (_?, _?): errors.append(FieldError("interval_minutes", "interval_minutes.exclusive"))
        }
        return errors
    }

    var times: ScheduleTimes {
        ScheduleTimes(intervalMinutes: intervalMinutes, timesOfDay: timesOfDay ?? [],
                      daysOfWeek: timesOfDay == nil ? [] : (daysOfWeek ?? [1, 2, 3, 4, 5, 6, 7]))
    }
}

import Foundation

/// When a schedule runs: every `intervalMinutes`, or at `timesOfDay` (minutes after local midnight)
/// on `daysOfWeek` (ISO: 1 = Monday … 7 = Sunday) in a time zone. Pure, so the server's scheduler and
/// the tests agree on every next run (daylight-saving days included: a local time that does not exist
/// that day runs at the first instant after it).
public struct ScheduleTimes: Sendable, Equatable {
    public var intervalMinutes: Int?
    public var timesOfDay: [Int]
    public var daysOfWeek: [Int]

    public init(intervalMinutes: Int?, timesOfDay: [Int] = [], daysOfWeek: [Int] = []) {
        self.intervalMinutes = intervalMinutes
        self.timesOfDay = timesOfDay.sorted()
        self.daysOfWeek = daysOfWeek
    }

    /// The first run strictly after `date`.
    public func nextRun(after date: Date, timeZone: TimeZone) -> Date {
        if let minutes = intervalMinutes { return date.addingTimeInterval(TimeInterval(max(1, minutes) * 60)) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let days = daysOfWeek.isEmpty ? [1, 2, 3, 4, 5, 6, 7] : daysOfWeek
        let startOfDay = calendar.startOfDay(for: date)
        // Eight days ahead always reaches a listed weekday.
        for offset in 0...8 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: startOfDay) else { continue }
            // Calendar weekday: 1 = Sunday … 7 = Saturday; ISO: 1 = Monday … 7 = Sunday.
            let iso = (calendar.component(.weekday, from: day) + 5) % 7 + 1
            guard days.contains(iso) else { continue }
            for minute in timesOfDay {
                var parts = calendar.dateComponents([.year, .month, .day], from: day)
                parts.hour = minute / 60
                parts.minute = minute % 60
                guard let run = calendar.date(from: parts), run > date else { continue }
                return run
            }
        }
        return date.addingTimeInterval(86_400)
    }
}

import FleetCore
import Foundation
import Store

/// A schedule's times in words ("every 30 min", "at 07:00, 13:00 on Mon–Fri") and its run times in
/// its organization's time zone ("25 Nov 2026, 14:05 (Europe/Warsaw)") — the zone its times of day
/// are kept in, which for a dealer looking at a customer's schedule is not the dealer's own.
enum ScheduleWords {
    /// `zone`: the schedule's organization's time zone, named after times of day when it is not the viewer's.
    static func describe(_ times: ScheduleTimes, _ request: WebRequest, zone: String) -> String {
        let words = describe(times, request)
        return times.intervalMinutes == nil && zone != request.timeZone ? words + " (" + zone + ")" : words
    }

    static func describe(_ times: ScheduleTimes, _ request: WebRequest) -> String {
        if let minutes = times.intervalMinutes {
            if minutes % 60 == 0 { return request.text("schedules.every_hours", ["n": String(minutes / 60)]) }
            return request.text("schedules.every_minutes", ["n": String(minutes)])
        }
        return request.text("schedules.at_times", ["times": clock(times.timesOfDay), "days": days(times.daysOfWeek, request)])
    }

    /// "07:00, 13:30".
    static func clock(_ minutes: [Int]) -> String {
        minutes.sorted().map { String(format: "%02d:%02d", $0 / 60, $0 % 60) }.joined(separator: ", ")
    }

    /// "every day", "Mon–Fri", "Mon, Wed, Fri": runs of three or more days joined with a dash.
    static func days(_ days: [Int], _ request: WebRequest) -> String {
        let sorted = Set(days.isEmpty ? Array(1...7) : days).sorted()
        if sorted.count == 7 { return request.text("schedules.every_day") }
        var parts: [String] = []
        var index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            let first = request.text("schedules.day_short.\(sorted[index])")
            if end - index >= 2 {
                parts.append(first + "–" + request.text("schedules.day_short.\(sorted[end])"))
            } else {
                parts += sorted[index...end].map { request.text("schedules.day_short.\($0)") }
            }
            index = end + 1
        }
        return parts.joined(separator: ", ")
    }

    /// A run time with its zone's name (`zone`: the schedule's organization's, else the viewer's).
    static func runTime(_ date: Date, _ request: WebRequest, zone: String? = nil) -> String {
        WebDates.dateTime(date, request, zone: zone) + " (" + (zone ?? request.timeZone) + ")"
    }
}

import Foundation

/// Dates and times as the pages show them: in the organization's time zone, in the page's language.
/// Formatters are costly to make, so one per (language, time zone, style) is kept.
enum WebDates {
    private static let cache = FormatterCache()

    /// "25 Nov 2026, 14:05" style, in `timeZone` (an IANA name; UTC when unknown).
    static func dateTime(_ date: Date, _ request: WebRequest) -> String {
        cache.formatter(language: request.language.rawValue, timeZone: request.timeZone, style: .dateTime).string(from: date)
    }

    /// The date only.
    static func date(_ date: Date, _ request: WebRequest) -> String {
        cache.formatter(language: request.language.rawValue, timeZone: request.timeZone, style: .date).string(from: date)
    }

    /// "5 minutes ago" style, relative to now.
    static func relative(_ date: Date, _ request: WebRequest, now: Date = Date()) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<60: return request.text("time.just_now")
        case ..<3600: return request.text("time.minutes_ago", ["n": String(seconds / 60)])
        case ..<86_400: return request.text("time.hours_ago", ["n": String(seconds / 3600)])
        default: return request.text("time.days_ago", ["n": String(seconds / 86_400)])
        }
    }

    /// An ISO 8601 timestamp for `<time datetime>`.
    static func machine(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

enum DateStyle: Hashable { case dateTime, date }

/// Formatters by key, shared by every handler task.
final class FormatterCache: @unchecked Sendable {
    private let lock = NSLock()
    private var formatters: [String: DateFormatter] = [:]

    func formatter(language: String, timeZone: String, style: DateStyle) -> DateFormatter {
        let key = "\(language)|\(timeZone)|\(style)"
        lock.lock()
        defer { lock.unlock() }
        if let found = formatters[key] { return found }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language)
        formatter.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")
        formatter.setLocalizedDateFormatFromTemplate(style == .dateTime ? "dMMMyyyyHHmm" : "dMMMyyyy")
        formatters[key] = formatter
        return formatter
    }
}

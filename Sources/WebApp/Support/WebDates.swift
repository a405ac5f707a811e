import Foundation

/// Dates and times as the pages show them: in the organization's time zone, in the page's language.
enum WebDates {
    /// "25 Nov 2026, 14:05" style (24-hour, in the language's order), in the organization's time zone
    /// (or in `zone`, an IANA identifier).
    static func dateTime(_ date: Date, _ request: WebRequest, zone: String? = nil) -> String {
        date.formatted(style(request, zone: zone).day().month(.abbreviated).year().hour(.twoDigits(amPM: .omitted)).minute())
    }

    /// The date only.
    static func date(_ date: Date, _ request: WebRequest) -> String {
        date.formatted(style(request).day().month(.abbreviated).year())
    }

    /// A value-type format style (Sendable; Foundation caches the formatters behind it), so no
    /// formatter object is shared between handler tasks.
    private static func style(_ request: WebRequest, zone: String? = nil) -> Date.FormatStyle {
        Date.FormatStyle(locale: Locale(identifier: request.language.rawValue), calendar: Calendar(identifier: .gregorian),
                         timeZone: TimeZone(identifier: zone ?? request.timeZone) ?? .gmt)
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

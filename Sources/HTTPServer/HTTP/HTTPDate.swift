import Glibc

/// The `Date` header value (IMF-fixdate, RFC 9110 5.6.7), formatted once per second per loop.
struct HTTPDate {
    private var second: Int = -1
    private(set) var headerLine: [UInt8] = []

    /// Returns `Date: ...\r\n` for the current second, reformatting only when the second changed.
    mutating func line() -> [UInt8] {
        let now = Int(time(nil))
        if now != second {
            second = now
            headerLine = Array("Date: \(HTTPDate.format(epochSeconds: now))\r\n".utf8)
        }
        return headerLine
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats seconds since the epoch as `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func format(epochSeconds: Int) -> String {
        var t = time_t(epochSeconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}

import Foundation

/// Text forms of `timestamptz` without `DateFormatter` (slow to make, and its thread-safety on Linux has
/// a history). Writes ISO 8601 UTC with microseconds; reads the ISO output style that every connection
/// selects (`DateStyle=ISO`, `TimeZone=UTC`), with any offset, a plain `date`, or a `timestamp`
/// without zone (taken as UTC).
enum PostgresTimestamp {
    /// `2024-05-06T07:08:09.123456Z`, or with ` BC` for years before 1.
    static func format(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (days, microOfDay) = floorDivide(micros, 86_400_000_000)
        let (year, month, day) = civil(fromDays: days)
        let second = microOfDay / 1_000_000
        let fraction = microOfDay % 1_000_000
        let bc = year <= 0
        var text = pad(bc ? 1 - year : year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        text += "T" + pad(second / 3600, 2) + ":" + pad(second / 60 % 60, 2) + ":" + pad(second % 60, 2)
        text += "." + pad(fraction, 6) + "Z"
        return bc ? text + " BC" : text
    }

    /// Parses `YYYY-MM-DD[ HH:MM:SS[.ffffff]][+HH[:MM[:SS]]][ BC]`; nil for anything else (including
    /// `infinity`, which no `Date` stands for).
    static func parse(_ text: String) -> Date? {
        var scanner = Scanner(Array(text.utf8))
        guard var year = scanner.number(minDigits: 4), scanner.take("-"),
              let month = scanner.number(minDigits: 2, maxDigits: 2), scanner.take("-"),
              let day = scanner.number(minDigits: 2, maxDigits: 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var micros: Int64 = 0
        var offsetSeconds: Int64 = 0
        if scanner.take(" ") || scanner.take("T") {
            guard let hour = scanner.number(minDigits: 2, maxDigits: 2), scanner.take(":"),
                  let minute = scanner.number(minDigits: 2, maxDigits: 2), scanner.take(":"),
                  let second = scanner.number(minDigits: 2, maxDigits: 2),
                  hour <= 24, minute < 60, second <= 60 else { return nil }
            micros = (hour * 3600 + minute * 60 + second) * 1_000_000
            if scanner.take(".") {
                var scale: Int64 = 100_000
                var digits = 0
                while let digit = scanner.digit() {
                    micros += digit * scale
                    scale /= 10
                    digits += 1
                }
                guard digits > 0, digits <= 6 else { return nil }
            }
            if scanner.take("Z") {
                // UTC
            } else if let sign = scanner.sign() {
                guard let hours = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                var offset = hours * 3600
                if scanner.take(":") {
                    guard let minutes = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                    offset += minutes * 60
                    if scanner.take(":") {
                        guard let seconds = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                        offset += seconds
                    }
                }
                offsetSeconds = sign * offset
            }
        }
        if scanner.take(" ") {
            guard scanner.take("B"), scanner.take("C") else { return nil }
            year = 1 - year
        }
        guard scanner.atEnd else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let total = days * 86_400_000_000 + micros - offsetSeconds * 1_000_000
        return Date(timeIntervalSince1970: Double(total) / 1_000_000)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let quotient = a / b, remainder = a % b
        return remainder < 0 ? (quotient - 1, remainder + b) : (quotient, remainder)
    }

    /// Howard Hinnant's `civil_from_days`: proleptic Gregorian date of a day count from 1970-01-01.
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The inverse of `civil(fromDays:)`.
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// A cursor over ASCII bytes.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int64? {
            guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
            defer { index += 1 }
            return Int64(bytes[index] - 0x30)
        }

        mutating func number(minDigits: Int, maxDigits: Int = 9) -> Int64? {
            var value: Int64 = 0, count = 0
            while count < maxDigits, let digit = digit() {
                value = value * 10 + digit
                count += 1
            }
            return count >= minDigits ? value : nil
        }

        mutating func sign() -> Int64? {
            if take("+") { return 1 }
            if take("-") { return -1 }
            return nil
        }
    }
}

import Foundation

/// JSON in and out. Objects are built as dictionaries so that absent values are written as explicit
/// `null` (PRODUCT.md's reading does the same), with keys sorted so output is stable.
enum JSON {
    typealias Object = [String: Any]

    static func encode(_ value: Any) -> [UInt8] {
        guard JSONSerialization.isValidJSONObject(value),
              let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return Array(#"{"error":{"code":"internal","message":"The response could not be encoded."}}"#.utf8) }
        return Array(data)
    }

    /// A value or NSNull, for optional fields.
    static func orNull(_ value: Any?) -> Any { value ?? NSNull() }

    /// RFC 3339 in UTC without fractional seconds (`2026-11-25T10:00:00Z`).
    static func date(_ date: Date?) -> Any {
        guard let date else { return NSNull() }
        return date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }

    /// RFC 3339 with or without fractional seconds.
    static func parseDate(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle().parse(text))
            ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
    }
}

/// A request body parsed as one JSON object, with typed, checked access: a wrong type is a field error,
/// never a silent default.
struct JSONBody {
    let object: [String: Any]
    private(set) var problems: [(field: String, code: String)] = []

    /// Nil when the body is not a JSON object (the caller answers 400).
    init?(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, let value = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]),
              let object = value as? [String: Any] else { return nil }
        self.object = object
    }

    /// JSON `true`/`false` arrive as NSNumbers whose type code is `c` (char); numbers never have it.
    static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    /// Records that `key` holds a value of the right type but not an allowed one.
    mutating func fail(_ key: String) { problems.append((key, "\(key).invalid")) }

    func has(_ key: String) -> Bool { object[key] != nil && !(object[key] is NSNull) }

    mutating func string(_ key: String) -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else { problems.append((key, "\(key).invalid")); return nil }
        return text
    }

    mutating func int(_ key: String) -> Int? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        // JSON numbers arrive as NSNumber; booleans are NSNumbers too and must not pass as 0/1.
        guard let number = value as? NSNumber, !Self.isBoolean(number),
              let int = Int(exactly: number.doubleValue), Double(int) == number.doubleValue
        else { problems.append((key, "\(key).invalid")); return nil }
        return int
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, Self.isBoolean(number) else {
            problems.append((key, "\(key).invalid")); return nil
        }
        return number.boolValue
    }

    mutating func intArray(_ key: String) -> [Int]? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let array = value as? [Any] else { problems.append((key, "\(key).invalid")); return nil }
        var result: [Int] = []
        for element in array {
            guard let number = element as? NSNumber, !Self.isBoolean(number),
                  let int = Int(exactly: number.doubleValue) else { problems.append((key, "\(key).invalid")); return nil }
            result.append(int)
        }
        return result
    }

    mutating func stringArray(_ key: String) -> [String]? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let array = value as? [Any], let strings = array as? [String], strings.count == array.count else {
            problems.append((key, "\(key).invalid")); return nil
        }
        return strings
    }
}

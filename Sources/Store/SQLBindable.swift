import Foundation

/// A value that can travel as a query parameter: its PostgreSQL text input form and the type sent with it.
/// Conform a new type by giving both (an enum usually binds its `rawValue`).
public protocol SQLBindable: Sendable {
    /// The type sent with the parameter; `.unknown` lets the server infer it from the context.
    static var sqlType: PostgresType { get }
    /// The value in PostgreSQL's text input syntax for `sqlType`, or nil for NULL.
    var sqlText: String? { get }
}

/// An element type whose arrays bind as one parameter: a PostgreSQL array, or bytea for `[UInt8]`.
public protocol SQLArrayElement: Sendable {
    /// The type of a whole array of these.
    static var sqlArrayType: PostgresType { get }
    /// A whole array of these in PostgreSQL's text input syntax.
    static func sqlArrayText(_ elements: [Self]) -> String
}

/// Strings bind as `unknown` so the server types them like a quoted literal: they fit text, varchar,
/// enum and json columns alike. (Sent as `text`, an enum or jsonb column would refuse them.)
extension String: SQLBindable {
    public static var sqlType: PostgresType { .unknown }
    public var sqlText: String? { self }
}

extension Int: SQLBindable {
    public static var sqlType: PostgresType { .int8 }
    public var sqlText: String? { String(self) }
}

extension Int64: SQLBindable {
    public static var sqlType: PostgresType { .int8 }
    public var sqlText: String? { String(self) }
}

extension Int32: SQLBindable {
    public static var sqlType: PostgresType { .int4 }
    public var sqlText: String? { String(self) }
}

extension Bool: SQLBindable {
    public static var sqlType: PostgresType { .bool }
    public var sqlText: String? { self ? "t" : "f" }
}

extension Double: SQLBindable {
    public static var sqlType: PostgresType { .float8 }
    /// Swift prints the shortest text that reads back to the same double; the specials get
    /// PostgreSQL's spellings.
    public var sqlText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return String(self)
    }
}

extension UUID: SQLBindable {
    public static var sqlType: PostgresType { .uuid }
    public var sqlText: String? { uuidString }
}

/// A `timestamptz`: ISO 8601 in UTC with microseconds, PostgreSQL's own precision.
extension Date: SQLBindable {
    public static var sqlType: PostgresType { .timestamptz }
    public var sqlText: String? { PostgresTimestamp.format(self) }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    public static var sqlType: PostgresType { Wrapped.sqlType }
    public var sqlText: String? { self?.sqlText ?? nil }
}

extension Array: SQLBindable where Element: SQLArrayElement {
    public static var sqlType: PostgresType { Element.sqlArrayType }
    public var sqlText: String? { Element.sqlArrayText(self) }
}

/// `[UInt8]` is `bytea`, bound in its hex form `\x0aff...`.
extension UInt8: SQLArrayElement {
    public static var sqlArrayType: PostgresType { .bytea }
    public static func sqlArrayText(_ elements: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        text.reserveCapacity(2 + elements.count * 2)
        for byte in elements {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

extension Int64: SQLArrayElement {
    public static var sqlArrayType: PostgresType { .int8Array }
    public static func sqlArrayText(_ elements: [Int64]) -> String {
        "{" + elements.map(String.init).joined(separator: ",") + "}"
    }
}

extension Int: SQLArrayElement {
    public static var sqlArrayType: PostgresType { .int8Array }
    public static func sqlArrayText(_ elements: [Int]) -> String {
        "{" + elements.map(String.init).joined(separator: ",") + "}"
    }
}

extension Int32: SQLArrayElement {
    public static var sqlArrayType: PostgresType { .int4Array }
    public static func sqlArrayText(_ elements: [Int32]) -> String {
        "{" + elements.map(String.init).joined(separator: ",") + "}"
    }
}

extension UUID: SQLArrayElement {
    public static var sqlArrayType: PostgresType { .uuidArray }
    public static func sqlArrayText(_ elements: [UUID]) -> String {
        "{" + elements.map(\.uuidString).joined(separator: ",") + "}"
    }
}

/// Every element is double-quoted with `\` and `"` escaped, so commas, braces, quotes, spaces and the
/// word NULL all arrive as written.
extension String: SQLArrayElement {
    public static var sqlArrayType: PostgresType { .textArray }
    public static func sqlArrayText(_ elements: [String]) -> String {
        var text = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { text += "," }
            text += "\""
            for character in element.unicodeScalars {
                if character == "\\" || character == "\"" { text.unicodeScalars.append("\\") }
                text.unicodeScalars.append(character)
            }
            text += "\""
        }
        return text + "}"
    }
}

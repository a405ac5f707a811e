import Foundation

/// One result row, copied out of libpq's result so it outlives it and crosses threads. Values are in
/// PostgreSQL's text output form; the typed accessors parse them and throw `StoreError.decoding(column:)`
/// for a missing column, a NULL where a value is required, or text that is not of the asked type.
/// Each entity turns a `Row` into its Swift type in exactly one function.
public struct Row: Sendable {
    let columns: ColumnIndex
    let values: [String?]

    init(columns: ColumnIndex, values: [String?]) {
        self.columns = columns
        self.values = values
    }

    /// The column names, in result order.
    public var columnNames: [String] { columns.names }

    /// Whether the column is NULL.
    public func isNull(_ column: String) throws(StoreError) -> Bool { try text(column) == nil }

    /// The raw text of a column (nil for NULL).
    public func text(_ column: String) throws(StoreError) -> String? {
        guard let position = columns.positions[column] else { throw .decoding(column: column) }
        return values[position]
    }

    public func string(_ column: String) throws(StoreError) -> String { try required(column) { $0 } }
    public func int64(_ column: String) throws(StoreError) -> Int64 { try required(column) { Int64($0) } }
    public func int(_ column: String) throws(StoreError) -> Int { try required(column) { Int($0) } }
    public func int32(_ column: String) throws(StoreError) -> Int32 { try required(column) { Int32($0) } }
    public func bool(_ column: String) throws(StoreError) -> Bool { try required(column, Row.parseBool) }
    public func double(_ column: String) throws(StoreError) -> Double { try required(column, Row.parseDouble) }
    public func date(_ column: String) throws(StoreError) -> Date { try required(column, PostgresTimestamp.parse) }
    public func uuid(_ column: String) throws(StoreError) -> UUID { try required(column) { UUID(uuidString: $0) } }
    /// A `bytea` column (hex output, which every connection selects).
    public func bytes(_ column: String) throws(StoreError) -> [UInt8] { try required(column, Row.parseBytes) }
    /// A one-dimensional `bigint[]` (or `int[]`) without NULL elements.
    public func int64Array(_ column: String) throws(StoreError) -> [Int64] {
        try required(column) { text in
            PostgresArray.parse(text).flatMap { elements in
                let numbers = elements.compactMap { $0.flatMap { Int64($0) } }
                return numbers.count == elements.count ? numbers : nil
            }
        }
    }
    /// A one-dimensional `text[]` without NULL elements.
    public func stringArray(_ column: String) throws(StoreError) -> [String] {
        try required(column) { text in
            PostgresArray.parse(text).flatMap { elements in
                let strings = elements.compactMap { $0 }
                return strings.count == elements.count ? strings : nil
            }
        }
    }

    public func optionalString(_ column: String) throws(StoreError) -> String? { try optional(column) { $0 } }
    public func optionalInt64(_ column: String) throws(StoreError) -> Int64? { try optional(column) { Int64($0) } }
    public func optionalInt(_ column: String) throws(StoreError) -> Int? { try optional(column) { Int($0) } }
    public func optionalInt32(_ column: String) throws(StoreError) -> Int32? { try optional(column) { Int32($0) } }
    public func optionalBool(_ column: String) throws(StoreError) -> Bool? { try optional(column, Row.parseBool) }
    public func optionalDouble(_ column: String) throws(StoreError) -> Double? { try optional(column, Row.parseDouble) }
    public func optionalDate(_ column: String) throws(StoreError) -> Date? { try optional(column, PostgresTimestamp.parse) }
    public func optionalUUID(_ column: String) throws(StoreError) -> UUID? { try optional(column) { UUID(uuidString: $0) } }
    public func optionalBytes(_ column: String) throws(StoreError) -> [UInt8]? { try optional(column, Row.parseBytes) }

    private func required<T>(_ column: String, _ parse: (String) -> T?) throws(StoreError) -> T {
        guard let text = try text(column), let value = parse(text) else { throw .decoding(column: column) }
        return value
    }

    private func optional<T>(_ column: String, _ parse: (String) -> T?) throws(StoreError) -> T? {
        guard let text = try text(column) else { return nil }
        guard let value = parse(text) else { throw .decoding(column: column) }
        return value
    }

    private static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "t", "true": true
        case "f", "false": false
        default: nil
        }
    }

    /// Swift reads `NaN`, `Infinity` and `-Infinity` as PostgreSQL writes them.
    private static func parseDouble(_ text: String) -> Double? { Double(text) }

    /// `\x` followed by pairs of hex digits.
    private static func parseBytes(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else {
            return nil
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            guard let high = hexValue(utf8[index]), let low = hexValue(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}

/// Column names of one result and their positions, shared by all its rows.
final class ColumnIndex: Sendable {
    let names: [String]
    let positions: [String: Int]

    init(names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        // The first of two same-named columns wins, as in most drivers.
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        self.positions = positions
    }
}

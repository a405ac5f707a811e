/// A query whose values travel only as `$n` parameters, never inside the SQL text.
///
///     let q: SQL = "SELECT id FROM users WHERE email = \(email) AND organization_id = \(orgID)"
///
/// becomes `SELECT id FROM users WHERE email = $1 AND organization_id = $2` with two binds. Three kinds of
/// interpolation exist: a value (`SQLBindable`: becomes a bind), another `SQL` (spliced in, its binds
/// renumbered) and `\(raw: "...")`, which pastes text verbatim — for constants written in the source
/// (an `ORDER BY` chosen from a fixed list), never for anything a user or the network supplied.
///
/// The text is kept as pieces between binds and `$n` is written only when the query runs, so splicing
/// and `+` never rewrite placeholders inside string literals or dollar-quoted bodies.
public struct SQL: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// Text before, between and after the binds: always `binds.count + 1` pieces.
    var pieces: [String]
    /// The parameter values, in order.
    var binds: [SQLBind]

    public init(stringLiteral value: String) {
        pieces = [value]
        binds = []
    }

    public init(stringInterpolation: StringInterpolation) {
        pieces = stringInterpolation.pieces
        binds = stringInterpolation.binds
    }

    /// The SQL text with `$1`, `$2`... where the binds go.
    public var text: String {
        var text = pieces[0]
        for index in binds.indices {
            text += "$\(index + 1)"
            text += pieces[index + 1]
        }
        return text
    }

    /// The parameters' text forms (nil for NULL), for tests and debugging.
    public var parameters: [String?] { binds.map(\.text) }

    /// The SQL text only: logging a query must not log its parameters.
    public var description: String { text }

    /// `a + b`: the text of both, `b`'s binds numbered after `a`'s.
    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        var result = lhs
        result.append(rhs)
        return result
    }

    public static func += (lhs: inout SQL, rhs: SQL) { lhs.append(rhs) }

    /// Appends another query's text and binds.
    public mutating func append(_ other: SQL) {
        pieces[pieces.count - 1] += other.pieces[0]
        pieces.append(contentsOf: other.pieces.dropFirst())
        binds.append(contentsOf: other.binds)
    }

    /// Builds an `SQL` from literal text, binds and spliced queries.
    public struct StringInterpolation: StringInterpolationProtocol {
        var pieces: [String] = [""]
        var binds: [SQLBind] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            pieces.reserveCapacity(interpolationCount + 1)
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            pieces[pieces.count - 1] += literal
        }

        /// A value: becomes the next `$n`.
        public mutating func appendInterpolation<Value: SQLBindable>(_ value: Value) {
            binds.append(SQLBind(text: value.sqlText, type: Value.sqlType))
            pieces.append("")
        }

        /// An optional value: NULL when nil. Spelled out (rather than left to `Optional: SQLBindable`) so
        /// the compiler does not warn that an optional is interpolated: here that is the point.
        public mutating func appendInterpolation<Value: SQLBindable>(_ value: Value?) {
            binds.append(SQLBind(text: value?.sqlText ?? nil, type: Value.sqlType))
            pieces.append("")
        }

        /// Another query: spliced in, its binds renumbered after ours.
        public mutating func appendInterpolation(_ fragment: SQL) {
            pieces[pieces.count - 1] += fragment.pieces[0]
            pieces.append(contentsOf: fragment.pieces.dropFirst())
            binds.append(contentsOf: fragment.binds)
        }

        /// Text pasted verbatim. Only for constants from the source code: anything from a user or the
        /// network must be a bind instead, or this is an SQL injection.
        public mutating func appendInterpolation(raw text: String) {
            pieces[pieces.count - 1] += text
        }
    }
}

/// One parameter: its text input form (nil is NULL) and the type sent with it.
struct SQLBind: Sendable, Equatable {
    let text: String?
    let type: PostgresType
}

/// A PostgreSQL type, by OID, as sent with a parameter. `unknown` lets the server infer the type from the
/// context as it does for a quoted literal.
public struct PostgresType: Sendable, Hashable {
    public let oid: UInt32
    public init(oid: UInt32) { self.oid = oid }

    public static let unknown = PostgresType(oid: 0)
    public static let bool = PostgresType(oid: 16)
    public static let bytea = PostgresType(oid: 17)
    public static let int8 = PostgresType(oid: 20)
    public static let int4 = PostgresType(oid: 23)
    public static let text = PostgresType(oid: 25)
    public static let float8 = PostgresType(oid: 701)
    public static let int4Array = PostgresType(oid: 1007)
    public static let textArray = PostgresType(oid: 1009)
    public static let int8Array = PostgresType(oid: 1016)
    public static let float8Array = PostgresType(oid: 1022)
    public static let boolArray = PostgresType(oid: 1000)
    public static let timestamptz = PostgresType(oid: 1184)
    public static let uuid = PostgresType(oid: 2950)
    public static let uuidArray = PostgresType(oid: 2951)
}

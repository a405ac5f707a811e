/// Everything that can go wrong in Store, named for what happened. Server errors are mapped by SQLSTATE
/// (see `StoreError.init(sqlstate:...)`); the associated strings are for logs and tests. Show users
/// `userMessage` only: it never carries SQL, parameters or server text that may quote data.
public enum StoreError: Error, Sendable, Equatable {
    /// The server could not be reached, the connection broke, or the pool is closed.
    case unavailable(String)
    /// 23505: a unique constraint or unique index refused the row.
    case uniqueViolation(constraint: String)
    /// 23503: a foreign key refused the row (a missing parent, or a child still referring to it).
    case foreignKeyViolation(constraint: String)
    /// 23514: a CHECK constraint refused the row.
    case checkViolation(constraint: String)
    /// 23502: a NOT NULL column got NULL.
    case notNullViolation(column: String)
    /// 40001: the transaction lost a serialization race (already retried by `Database.transaction`).
    case serializationFailure
    /// 40P01: the transaction was chosen as a deadlock victim (already retried by `Database.transaction`).
    case deadlock
    /// 42501: not allowed; row-level security refusals surface as this.
    case insufficientPrivilege
    /// Class 22 (data exception: bad number, bad date, value too long...) or a value libpq cannot carry
    /// (a NUL byte in text). The message is the server's and may quote the value: logs only.
    case invalidInput(String)
    /// A column is missing from the row, NULL where a value was required, or not of the asked type.
    case decoding(column: String)
    /// The database schema is older than this program needs; run `printercare migrate`.
    case schemaOutdated(current: Int, required: Int)
    /// An applied migration's SQL differs from the one in this program: the list is append-only.
    case migrationChanged(version: Int)
    /// Any other server error, by SQLSTATE.
    case query(sqlstate: String, message: String)

    /// Maps a server error. `constraint` and `column` come from the error's diagnostic fields.
    init(sqlstate: String, message: String, constraint: String?, column: String?) {
        switch sqlstate {
        case "23505": self = .uniqueViolation(constraint: constraint ?? "")
        case "23503": self = .foreignKeyViolation(constraint: constraint ?? "")
        case "23514": self = .checkViolation(constraint: constraint ?? "")
        case "23502": self = .notNullViolation(column: column ?? "")
        case "40001": self = .serializationFailure
        case "40P01": self = .deadlock
        case "42501": self = .insufficientPrivilege
        // Connection exceptions, admin shutdown/crash/cannot-connect-now, too many connections.
        case _ where sqlstate.hasPrefix("08"), "57P01", "57P02", "57P03", "53300":
            self = .unavailable(message)
        case _ where sqlstate.hasPrefix("22"): self = .invalidInput(message)
        default: self = .query(sqlstate: sqlstate, message: message)
        }
    }

    /// Whether running the whole transaction again may succeed.
    var isRetryable: Bool { self == .serializationFailure || self == .deadlock }

    /// A stable key (like `FieldError.code`) for the web layer's translation catalog.
    public var code: String {
        switch self {
        case .unavailable: "store.unavailable"
        case .uniqueViolation: "store.unique_violation"
        case .foreignKeyViolation: "store.foreign_key_violation"
        case .checkViolation: "store.check_violation"
        case .notNullViolation: "store.not_null_violation"
        case .serializationFailure, .deadlock: "store.conflict"
        case .insufficientPrivilege: "store.forbidden"
        case .invalidInput: "store.invalid_input"
        case .decoding, .query, .migrationChanged: "store.internal"
        case .schemaOutdated: "store.schema_outdated"
        }
    }

    /// English text safe to show anyone: fixed sentences only, never SQL, parameters or server messages.
    public var userMessage: String {
        switch self {
        case .unavailable: "The database is not available right now. Please try again shortly."
        case .uniqueViolation: "That value is already in use."
        case .foreignKeyViolation: "This refers to something that does not exist, or is still in use elsewhere."
        case .checkViolation: "A value is not allowed."
        case .notNullViolation: "A required value is missing."
        case .serializationFailure, .deadlock: "Someone else changed the same data at the same time. Please try again."
        case .insufficientPrivilege: "You are not allowed to do that."
        case .invalidInput: "A value is not valid."
        case .decoding, .query, .migrationChanged: "Something went wrong while reading or saving data."
        case .schemaOutdated: "The database needs an update: run `printercare migrate`."
        }
    }
}

/// For logs and operators (may quote server messages, never parameters): not for users.
extension StoreError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unavailable(let message): "database unavailable: \(message)"
        case .uniqueViolation(let constraint): "unique violation (\(constraint))"
        case .foreignKeyViolation(let constraint): "foreign key violation (\(constraint))"
        case .checkViolation(let constraint): "check violation (\(constraint))"
        case .notNullViolation(let column): "not-null violation (\(column))"
        case .serializationFailure: "serialization failure"
        case .deadlock: "deadlock detected"
        case .insufficientPrivilege: "insufficient privilege"
        case .invalidInput(let message): "invalid input: \(message)"
        case .decoding(let column): "cannot decode column \(column)"
        case .schemaOutdated(let current, let required):
            "database schema is at version \(current), this program needs \(required): run `printercare migrate`"
        case .migrationChanged(let version): "applied migration \(version) differs from this program's: migrations are append-only"
        case .query(let sqlstate, let message): "query failed (\(sqlstate)): \(message)"
        }
    }
}

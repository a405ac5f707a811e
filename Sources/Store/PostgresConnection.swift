import CLibPQ
import Foundation

/// Sole owner of one `PGconn*`, closed in `deinit`. Blocking libpq: every call waits for the server,
/// so only `Database`'s own threads (and start-up code) use one, and only one thread at a time: the
/// class is deliberately not `Sendable`.
///
/// Parameters and results travel in text format, which keeps every type's conversion in one readable
/// place (`SQLBindable`, `Row`) at the price of parsing numbers as text — small next to a round trip.
public final class PostgresConnection {
    private let handle: OpaquePointer

    /// Connects with a libpq URL (`postgresql://...`) or key/value conninfo (`host=/run/x dbname=y`).
    /// Our defaults (a 5 s `connect_timeout`, `application_name`) come first, so the URL's own values
    /// override them.
    public init(url: String, connectTimeout: Int = 5) throws(StoreError) {
        let keywords = ["connect_timeout", "application_name", "dbname"]
        let values = [String(connectTimeout), "printercare", url]
        let connection: OpaquePointer? = Self.withCStrings(keywords) { keywordPointers in
            Self.withCStrings(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else { throw .unavailable("out of memory while connecting") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw .unavailable(message)
        }
        handle = connection
        pc_silence_notices(handle)
        // Fix the output forms that `Row` parses, whatever the server's or role's defaults are.
        try script("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET bytea_output = 'hex'; SET extra_float_digits = 1")
    }

    deinit { PQfinish(handle) }

    /// Whether libpq considers the connection usable. A server that closed an idle connection is only
    /// noticed once input is read: see `isAlive()`.
    public var isBroken: Bool { PQstatus(handle) != CONNECTION_OK }

    /// Whether an idle connection is still worth using, without waiting (a zero-timeout `poll`). We never
    /// LISTEN, so a server that speaks to an idle connection is saying goodbye: a terminated backend
    /// sends a FATAL message, then closes. The close may trail the message by a moment, so any input at
    /// all counts as dead (tried: reading until end-of-file missed the close and the next query failed).
    func isAlive() -> Bool {
        guard !isBroken else { return false }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 0
    }

    /// Whether a transaction block is open (idle in transaction, or failed inside one).
    var inTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// Waits up to `timeoutMilliseconds` for notifications (after `LISTEN`) and returns those that
    /// arrived as (channel, payload); throws `.unavailable` when the connection broke.
    func waitForNotifications(timeoutMilliseconds: Int32) throws(StoreError) -> [(channel: String, payload: String)] {
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, timeoutMilliseconds)
        if ready < 0 && errno != EINTR { throw .unavailable("poll: errno \(errno)") }
        if ready > 0 {
            guard PQconsumeInput(handle) == 1, !isBroken else {
                throw .unavailable(String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        var found: [(channel: String, payload: String)] = []
        while let notification = PQnotifies(handle) {
            found.append((String(cString: notification.pointee.relname), String(cString: notification.pointee.extra)))
            PQfreemem(notification)
        }
        return found
    }

    /// The server process serving this connection (for `pg_terminate_backend` in tests).
    public var backendPID: Int32 { PQbackendPID(handle) }

    /// Rows of a query.
    public func query(_ sql: SQL) throws(StoreError) -> [Row] { try run(sql).rows }

    /// Rows affected by a command.
    @discardableResult
    public func execute(_ sql: SQL) throws(StoreError) -> Int { try run(sql).affectedRows }

    /// One statement through the extended protocol, with `sql`'s binds as text parameters.
    func run(_ sql: SQL) throws(StoreError) -> PostgresResult {
        for bind in sql.binds where bind.text?.utf8.contains(0) == true {
            // libpq passes parameters as C strings: a NUL would silently cut the value short.
            throw .invalidInput("a text parameter contains a NUL byte")
        }
        let text = sql.text
        let types = sql.binds.map { Oid($0.type.oid) }
        let pointer: OpaquePointer? = Self.withOptionalCStrings(sql.binds.map(\.text)) { values in
            types.withUnsafeBufferPointer { types in
                PQexecParams(handle, text, Int32(values.count), types.baseAddress, values.baseAddress, nil, nil, 0)
            }
        }
        return try check(pointer)
    }

    /// BEGIN and, when given, one more statement (the transaction's settings) in a single round trip:
    /// libpq's pipeline mode sends both before reading either answer.
    func begin(then statement: SQL?) throws(StoreError) {
        guard let statement else { return try script("BEGIN") }
        guard PQenterPipelineMode(handle) == 1 else { throw .unavailable(errorMessage) }
        var failure: StoreError?
        for sql in ["BEGIN", statement] as [SQL] where failure == nil {
            let sent = Self.withOptionalCStrings(sql.binds.map(\.text)) { values in
                sql.binds.map { Oid($0.type.oid) }.withUnsafeBufferPointer { types in
                    PQsendQueryParams(handle, sql.text, Int32(values.count), types.baseAddress, values.baseAddress, nil, nil, 0)
                }
            }
            if sent != 1 { failure = .unavailable(errorMessage) }
        }
        if failure == nil && PQpipelineSync(handle) != 1 { failure = .unavailable(errorMessage) }
        if failure == nil {
            // Each statement's results end with a NULL; the sync point ends the pipeline. Two NULLs in a
            // row mean nothing more will come (the connection broke).
            var nulls = 0
            while nulls < 2 {
                guard let pointer = PQgetResult(handle) else {
                    nulls += 1
                    continue
                }
                nulls = 0
                let result = PostgresResult(pointer)
                if result.isPipelineSync { break }
                if !result.succeeded && failure == nil { failure = isBroken ? .unavailable("the connection to the database broke") : result.error }
            }
            if nulls >= 2 && failure == nil { failure = .unavailable(errorMessage) }
        }
        PQexitPipelineMode(handle)
        if let failure { throw failure }
    }

    /// libpq's last error text, trimmed.
    private var errorMessage: String {
        let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? "no answer from the database" : message
    }

    /// Several statements in one string through the simple protocol (no parameters): migrations and
    /// session set-up.
    func script(_ text: String) throws(StoreError) {
        _ = try check(PQexec(handle, text))
    }

    /// Wraps a result and throws its error, if any.
    private func check(_ pointer: OpaquePointer?) throws(StoreError) -> PostgresResult {
        guard let pointer else { throw .unavailable(errorMessage) }
        let result = PostgresResult(pointer)
        guard result.succeeded else {
            // A server error on a connection that then broke (a terminated backend) is an outage,
            // whatever its SQLSTATE says.
            throw isBroken ? .unavailable("the connection to the database broke") : result.error
        }
        return result
    }

    /// A NULL-terminated array of C strings (libpq's keyword/value lists), valid during `body` only.
    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        withOptionalCStrings(strings.map { Optional($0) } + [nil]) { body(Array($0)) }
    }

    /// C strings for libpq's `const char * const *` arrays (nil stays NULL), valid during `body` only.
    private static func withOptionalCStrings<R>(_ strings: [String?], _ body: (UnsafeBufferPointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) }
        return pointers.withUnsafeBufferPointer(body)
    }
}

import Dispatch
import Foundation
import Logging
import Synchronization

/// The way to PostgreSQL: a pool of at most `size` connections, opened lazily, each used by one caller
/// at a time. libpq blocks, so every call runs on the pool's own threads (never on the Swift
/// cooperative pool or an HTTP event loop) and async callers wait on a continuation.
///
/// A connection found dead before a job (the server closed it while idle) is replaced silently; a
/// statement that fails because the connection broke under it reports `.unavailable` and is not
/// retried, since it may have been applied. Only whole transactions that lost a serialization race or
/// a deadlock are run again.
public final class Database: Sendable {
    /// The most connections (and pool threads) this pool opens.
    public let size: Int
    private let pool: ConnectionPool
    let logger: Logger
    /// Kept for connections outside the pool (the notification listener); never logged.
    let url: String

    /// `url` is a libpq URL or conninfo string; it may hold a password, so it is never logged.
    public init(url: String, size: Int = 8, logger: Logger) {
        self.size = max(1, size)
        self.logger = logger
        self.url = url
        pool = ConnectionPool(url: url, maximum: size, logger: logger)
    }

    deinit { pool.close() }

    /// Rows of one statement, in its own implicit transaction.
    public func query(_ sql: SQL) async throws(StoreError) -> [Row] {
        try await run { (connection) throws(StoreError) in try connection.query(sql) }
    }

    /// The first row of a query, or nil.
    public func queryOne(_ sql: SQL) async throws(StoreError) -> Row? {
        try await run { (connection) throws(StoreError) in try connection.query(sql).first }
    }

    /// Rows affected by one statement.
    @discardableResult
    public func execute(_ sql: SQL) async throws(StoreError) -> Int {
        try await run { (connection) throws(StoreError) in try connection.execute(sql) }
    }

    /// Runs `body` inside BEGIN...COMMIT on one pool thread and connection. Each of `settings` is set
    /// transaction-locally first (`set_config(name, value, true)`), which is how the tenant scope reaches
    /// row-level security policies. A throwing body rolls back. Serialization failures and deadlocks run
    /// the whole body again, up to three more times, so the body must do nothing but database work.
    public func transaction<T: Sendable>(settings: [String: String] = [:],
                                         _ body: @escaping @Sendable (Transaction) throws(StoreError) -> T)
        async throws(StoreError) -> T {
        let settings = settings.sorted { $0.key < $1.key }
        return try await run { (connection) throws(StoreError) -> T in
            var attempt = 1
            while true {
                do throws(StoreError) {
                    return try Self.attempt(on: connection, settings: settings, body)
                } catch where error.isRetryable && attempt <= 3 && !connection.isBroken {
                    // Let the transaction we collided with finish before trying again.
                    usleep(UInt32.random(in: 1_000...5_000) * UInt32(attempt))
                    attempt += 1
                }
            }
        }
    }

    /// One try of a transaction; any failure leaves no transaction open.
    private static func attempt<T>(on connection: PostgresConnection, settings: [(key: String, value: String)],
                                   _ body: (Transaction) throws(StoreError) -> T) throws(StoreError) -> T {
        do throws(StoreError) {
            // One statement sets them all, sent together with BEGIN: one round trip for both.
            var setter: SQL? = nil
            for (name, value) in settings {
                setter = (setter.map { $0 + ", " } ?? "SELECT ") + "set_config(\(name), \(value), true)"
            }
            try connection.begin(then: setter)
            let value = try body(Transaction(connection: connection))
            // A body that caught an error and carried on leaves a failed transaction, which COMMIT
            // turns into ROLLBACK: report it rather than pretend the work was saved.
            if try connection.run("COMMIT").commandStatus == "ROLLBACK" {
                throw StoreError.query(sqlstate: "25P02", message: "the transaction had failed and was rolled back")
            }
            return value
        } catch {
            if !connection.isBroken && connection.inTransaction { try? connection.script("ROLLBACK") }
            throw error
        }
    }

    /// Whether the database answers `SELECT 1` within `timeout`. For health checks: it never throws,
    /// and a hung server or a full pool costs the caller `timeout`, not longer (new connections also
    /// give up after libpq's `connect_timeout`).
    public func ping(timeout: Duration = .seconds(2)) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let answer = ResumeOnce(continuation)
            let accepted = pool.submit { slot in
                let rows = try? slot.acquire().query("SELECT 1 AS ok")
                answer.resume(rows?.count == 1)
            }
            guard accepted else { return answer.resume(false) }
            let (seconds, attoseconds) = timeout.components
            let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { answer.resume(false) }
        }
    }

    /// Refuses new work; pool threads finish what is queued, then close their connections.
    public func close() { pool.close() }

    /// Runs `work` on a pool thread with a live connection and hands back its result.
    private func run<T: Sendable>(_ work: @escaping @Sendable (PostgresConnection) throws(StoreError) -> T)
        async throws(StoreError) -> T {
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            let accepted = pool.submit { slot in
                let result: Result<T, StoreError>
                do throws(StoreError) {
                    result = .success(try work(try slot.acquire()))
                } catch {
                    result = .failure(error)
                }
                continuation.resume(returning: result)
            }
            if !accepted { continuation.resume(returning: .failure(.unavailable("the database pool is closed"))) }
        }
        return try result.get()
    }
}

/// Resumes a continuation once, whichever of several racers (an answer, a timer) comes first.
private final class ResumeOnce: Sendable {
    private let continuation: Mutex<CheckedContinuation<Bool, Never>?>

    init(_ continuation: CheckedContinuation<Bool, Never>) { self.continuation = Mutex(continuation) }

    func resume(_ value: Bool) {
        continuation.withLock { pending in
            pending?.resume(returning: value)
            pending = nil
        }
    }
}

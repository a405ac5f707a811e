import Foundation
import Logging

/// Work for a pool thread, given that thread's connection slot.
typealias PoolJob = @Sendable (ConnectionSlot) -> Void

/// The jobs waiting for a pool thread, and the pool's threads. Threads are started on demand, one per
/// waiting job, up to `maximum`; each owns at most one connection, so `maximum` bounds both.
///
/// Why own threads rather than the Swift cooperative pool or Dispatch: every libpq call blocks, and a
/// blocked cooperative thread stalls unrelated tasks (there is one per core); Dispatch would grow its
/// pool without a bound we control. A thread per connection keeps the bound obvious.
final class ConnectionPool: @unchecked Sendable {
    // Invariant: `jobs`, `idleThreads`, `threadCount` and `closed` are read and written only while
    // `condition` is locked; everything else is immutable.
    private let condition = NSCondition()
    private var jobs: [PoolJob] = []
    private var idleThreads = 0
    private var threadCount = 0
    private var closed = false

    let maximum: Int
    private let url: String
    private let logger: Logger

    init(url: String, maximum: Int, logger: Logger) {
        self.url = url
        self.maximum = max(1, maximum)
        self.logger = logger
    }

    /// Queues a job; false once the pool is closed (the job is then not run).
    func submit(_ job: @escaping PoolJob) -> Bool {
        condition.lock()
        guard !closed else {
            condition.unlock()
            return false
        }
        jobs.append(job)
        let startThread = jobs.count > idleThreads && threadCount < maximum
        if startThread { threadCount += 1 }
        condition.signal()
        condition.unlock()
        if startThread { spawn() }
        return true
    }

    /// Refuses new jobs; threads finish the queued ones, then close their connections and exit.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next job, waiting for one; nil when the pool is closed and drained (the thread then exits).
    private func next() -> PoolJob? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && !closed {
            idleThreads += 1
            condition.wait()
            idleThreads -= 1
        }
        guard !jobs.isEmpty else {
            threadCount -= 1
            return nil
        }
        return jobs.removeFirst()
    }

    private func spawn() {
        let thread = Thread { [self, url, logger] in
            let slot = ConnectionSlot(url: url, logger: logger)
            while let job = next() {
                job(slot)
                slot.finishJob()
            }
            // `slot` goes here, closing its connection.
        }
        thread.name = "printercare-db"
        thread.start()
    }
}

/// One pool thread's connection: opened on first use, checked before each job, replaced when broken.
/// Used only by its thread.
final class ConnectionSlot {
    private let url: String
    private let logger: Logger
    private var connection: PostgresConnection?

    init(url: String, logger: Logger) {
        self.url = url
        self.logger = logger
    }

    /// A live connection: the current one if it is still alive, else a new one.
    func acquire() throws(StoreError) -> PostgresConnection {
        if let connection {
            if connection.isAlive() { return connection }
            logger.notice("database connection lost; opening a new one")
            self.connection = nil
        }
        let fresh: PostgresConnection
        do throws(StoreError) {
            fresh = try PostgresConnection(url: url)
        } catch {
            logger.warning("cannot connect to the database", metadata: ["error": "\(error)"])
            throw error
        }
        connection = fresh
        return fresh
    }

    /// After each job: a broken connection is dropped, and a transaction the job left open (it should
    /// not) is rolled back so the next job starts clean — or the connection is dropped if even that fails.
    func finishJob() {
        guard let connection else { return }
        if connection.isBroken {
            self.connection = nil
        } else if connection.inTransaction {
            do throws(StoreError) {
                try connection.script("ROLLBACK")
            } catch {
                self.connection = nil
            }
        }
    }
}

import Foundation
import Store
import Synchronization

/// The test process's PostgreSQL: started once, shared by every test, stopped at exit.
final class TestCluster: Sendable {
    let embedded: EmbeddedPostgres
    /// Superuser pool on the `postgres` database: creates and drops the tests' databases.
    let admin: Database

    private init(embedded: EmbeddedPostgres) {
        self.embedded = embedded
        admin = Database(url: embedded.conninfo(user: EmbeddedPostgres.superuser, database: "postgres"), size: 2,
                         logger: TestPostgres.logger())
    }

    /// The one start-up task; every caller awaits the same one (and the same failure).
    private static let startup = Mutex<Task<TestCluster, any Error>?>(nil)
    /// Clusters to stop at exit (read by the `atexit` handler, which cannot capture).
    fileprivate static let running = Mutex<[EmbeddedPostgres]>([])

    static func shared() async throws -> TestCluster {
        let task = startup.withLock { task in
            if let task { return task }
            let started = Task { try await start() }
            task = started
            return started
        }
        return try await task.value
    }

    /// Starts the cluster on a thread of its own (initdb and pg_ctl block for seconds; the cooperative
    /// pool has one thread per core), then prepares the migrated template database.
    private static func start() async throws -> TestCluster {
        let embedded: EmbeddedPostgres = try await offload {
            removeAbandonedClusters()
            let directory = NSTemporaryDirectory() + TestPostgres.prefix + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let embedded = EmbeddedPostgres(
                directory: directory,
                options: .init(durable: false, settings: ["max_connections": "300", "shared_buffers": "32MB"]),
                logger: TestPostgres.logger("test-postgres"))
            running.withLock { $0.append(embedded) }
            registerExitHandler()
            do {
                try embedded.start()
            } catch {
                throw TestPostgresError("the test PostgreSQL did not start (see \(embedded.logFile)): \(error)")
            }
            return embedded
        }
        let cluster = TestCluster(embedded: embedded)
        do {
            try await cluster.admin.execute("CREATE DATABASE \(raw: TestPostgres.templateName) OWNER printercare TEMPLATE template0")
            let template = Database(url: embedded.conninfo(user: EmbeddedPostgres.applicationRole, database: TestPostgres.templateName),
                                    size: 1, logger: TestPostgres.logger())
            try await MigrationRunner().migrate(template)
            template.close()
        } catch {
            throw TestPostgresError("cannot prepare the migrated template database: \(error)")
        }
        return cluster
    }

    private static func registerExitHandler() {
        atexit {
            for embedded in TestCluster.running.withLock({ $0 }) {
                embedded.stop()
                try? FileManager.default.removeItem(atPath: embedded.directory)
            }
        }
    }

    /// Stops and deletes clusters whose test process no longer exists (a run that was killed).
    private static func removeAbandonedClusters() {
        let temporary = NSTemporaryDirectory()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        for entry in entries where entry.hasPrefix(TestPostgres.prefix) {
            let owner = entry.dropFirst(TestPostgres.prefix.count).split(separator: "-").first.flatMap { Int32($0) }
            guard let owner, owner != getpid(), kill(owner, 0) != 0, errno == ESRCH else { continue }
            let abandoned = EmbeddedPostgres(directory: temporary + entry, logger: TestPostgres.logger())
            abandoned.stop()
            try? FileManager.default.removeItem(atPath: temporary + entry)
        }
    }
}

import Foundation
import Logging
import Store
import Synchronization

/// One real PostgreSQL per test process, and a fresh database for each test that asks.
///
/// The cluster is an `EmbeddedPostgres` in `/tmp/printercare-testpg-<pid>-<random>` (non-durable: no
/// fsync), started on first use, stopped and deleted at process exit. Clusters of test processes that
/// died without cleaning up (killed runs) are stopped and deleted by the next run. Each test gets its
/// own database, copied from a template that already has `Migrations.all` applied, so tests run in
/// parallel without seeing each other's rows. If PostgreSQL cannot start, every test that asks fails
/// with the reason (the start-up commands have time limits, so nothing waits forever).
public enum TestPostgres {
    /// Name prefix of the temporary cluster directories.
    static let prefix = "printercare-testpg-"
    /// A database with all migrations applied; each test's database is a copy.
    static let templateName = "printercare_template"

    /// A fresh database owned by the (non-superuser) application role, with `Migrations.all` applied
    /// unless `migrated` is false (then it is empty). `size` is its pool's size.
    public static func database(migrated: Bool = true, size: Int = 4) async throws -> TestDatabase {
        let cluster = try await TestCluster.shared()
        let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let template = migrated ? templateName : "template0"
        do {
            // Names come from a UUID or the constants above: raw is safe here.
            try await cluster.admin.execute("CREATE DATABASE \(raw: name) OWNER printercare TEMPLATE \(raw: template)")
        } catch {
            throw TestPostgresError("cannot create test database \(name): \(error)")
        }
        return TestDatabase(name: name, cluster: cluster, size: size)
    }

    /// Runs `body` with a fresh database and drops the database afterwards.
    @discardableResult
    public static func withDatabase<T>(migrated: Bool = true, size: Int = 4,
                                       _ body: (TestDatabase) async throws -> T) async throws -> T {
        let database = try await database(migrated: migrated, size: size)
        do {
            let value = try await body(database)
            await database.drop()
            return value
        } catch {
            await database.drop()
            throw error
        }
    }

    /// A quiet logger for tests: errors only, on stderr.
    public static func logger(_ label: String = "test") -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .error
        return logger
    }
}

/// A test's own database: its pool (as the application role), its conninfo, and a superuser pool for
/// what a test must do behind the application's back.
public final class TestDatabase: Sendable {
    public let name: String
    /// conninfo for the application role.
    public let url: String
    /// conninfo for the superuser, on this database.
    public let superuserURL: String
    /// A pool connected as the application role (not a superuser: row-level security applies).
    public let database: Database
    let cluster: TestCluster

    init(name: String, cluster: TestCluster, size: Int) {
        self.name = name
        self.cluster = cluster
        url = cluster.embedded.conninfo(user: EmbeddedPostgres.applicationRole, database: name)
        superuserURL = cluster.embedded.conninfo(user: EmbeddedPostgres.superuser, database: name)
        database = Database(url: url, size: size, logger: TestPostgres.logger())
    }

    /// Another pool on the same database (for tests of several pools or processes).
    public func makeDatabase(size: Int = 4, superuser: Bool = false) -> Database {
        Database(url: superuser ? superuserURL : url, size: size, logger: TestPostgres.logger())
    }

    /// Closes the pool and drops the database (forcing off any connection still open).
    public func drop() async {
        database.close()
        _ = try? await cluster.admin.execute("DROP DATABASE IF EXISTS \(raw: name) WITH (FORCE)")
    }
}

/// What went wrong while setting up the test PostgreSQL.
public struct TestPostgresError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

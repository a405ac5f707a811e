/// Applies `Migrations.all` (or a given list) to a database and tells how current it is.
///
/// Bookkeeping lives in `schema_migrations` (version, name, checksum, applied_at), created by the runner
/// itself. Each migration runs in its own transaction together with its bookkeeping row, so a failed
/// migration leaves neither. Every transaction first takes one transaction-level advisory lock, so two
/// processes migrating at once take turns and the second finds the work done. The checksum is SHA-256 of
/// the SQL, computed by the server (Store has no hash of its own, and PostgreSQL's `sha256` is at hand).
public struct MigrationRunner: Sendable {
    /// The list this runner applies, ordered by version.
    public let migrations: [Migration]

    /// The advisory lock key all migrating transactions take (an arbitrary constant: "PrCaMigr").
    static let lockKey: Int64 = 0x5072_4361_4D69_6772

    public init(migrations: [Migration] = Migrations.all) {
        precondition(zip(migrations, migrations.dropFirst()).allSatisfy { $0.version < $1.version },
                     "migrations must be ordered by strictly increasing version")
        self.migrations = migrations
    }

    /// The version this program needs: the last migration's.
    public var requiredVersion: Int { migrations.last?.version ?? 0 }

    /// The highest applied version; 0 for a database never migrated.
    public func currentVersion(_ database: Database) async throws(StoreError) -> Int {
        try await database.transaction { (tx) throws(StoreError) in
            try Self.applied(tx).keys.max() ?? 0
        }
    }

    /// The migrations not yet applied, in order.
    public func pending(_ database: Database) async throws(StoreError) -> [Migration] {
        let applied = try await database.transaction { (tx) throws(StoreError) in try Self.applied(tx) }
        return migrations.filter { applied[$0.version] == nil }
    }

    /// Applies what is pending, each in its own transaction, and returns what this call applied (what a
    /// concurrent runner applied first is not in it). Throws `.migrationChanged` before applying anything
    /// if an applied migration's SQL differs from this program's.
    @discardableResult
    public func migrate(_ database: Database) async throws(StoreError) -> [Migration] {
        let migrations = self.migrations
        let applied = try await database.transaction { (tx) throws(StoreError) in
            try Self.lock(tx)
            try tx.script("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    bigint PRIMARY KEY,
                    name       text NOT NULL,
                    checksum   text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            try Self.verify(migrations, in: tx)
            return try Self.applied(tx)
        }
        var done: [Migration] = []
        for migration in migrations where applied[migration.version] == nil {
            let ran = try await database.transaction { (tx) throws(StoreError) -> Bool in
                try Self.lock(tx)
                // Another process may have applied it while we waited for the lock.
                guard try tx.queryOne("SELECT 1 AS applied FROM schema_migrations WHERE version = \(migration.version)") == nil
                else { return false }
                try tx.script(migration.sql)
                try tx.execute("""
                    INSERT INTO schema_migrations (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(Self.checksum(of: migration)))
                    """)
                return true
            }
            if ran { done.append(migration) }
        }
        return done
    }

    /// Throws `.schemaOutdated` unless every migration is applied, and `.migrationChanged` if an
    /// applied one differs. (A database with versions this program does not know is accepted: a newer
    /// program migrated it, and migrations only add.)
    public func requireCurrent(_ database: Database) async throws(StoreError) {
        let migrations = self.migrations
        let required = requiredVersion
        try await database.transaction { (tx) throws(StoreError) in
            let applied = try Self.applied(tx)
            if !applied.isEmpty { try Self.verify(migrations, in: tx) }
            if migrations.contains(where: { applied[$0.version] == nil }) {
                throw .schemaOutdated(current: applied.keys.max() ?? 0, required: required)
            }
        }
    }

    /// Waits for the other migrating transactions; released at COMMIT or ROLLBACK.
    private static func lock(_ tx: Transaction) throws(StoreError) {
        try tx.execute("SELECT pg_advisory_xact_lock(\(lockKey))")
    }

    /// Applied versions and their checksums; empty when the bookkeeping table does not exist yet.
    private static func applied(_ tx: Transaction) throws(StoreError) -> [Int: String] {
        guard try tx.queryOne("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")?.bool("present") == true
        else { return [:] }
        var applied: [Int: String] = [:]
        for row in try tx.query("SELECT version, checksum FROM schema_migrations") {
            applied[try row.int("version")] = try row.string("checksum")
        }
        return applied
    }

    /// Throws `.migrationChanged(version:)` for the first applied migration whose stored checksum differs
    /// from that of our SQL for the same version. One query compares them all.
    private static func verify(_ migrations: [Migration], in tx: Transaction) throws(StoreError) {
        guard !migrations.isEmpty else { return }
        let changed = try tx.queryOne("""
            SELECT m.version FROM schema_migrations m
            JOIN unnest(\(migrations.map(\.version)), \(migrations.map(\.sql))) AS ours(version, sql) ON ours.version = m.version
            WHERE m.checksum <> \(raw: checksumExpression("ours.sql"))
            ORDER BY m.version LIMIT 1
            """)
        if let changed { throw .migrationChanged(version: try changed.int("version")) }
    }

    /// The checksum of a migration's SQL as an expression computed by the server.
    private static func checksum(of migration: Migration) -> SQL {
        "encode(sha256(convert_to(\(migration.sql)::text, 'UTF8')), 'hex')"
    }

    /// The same expression over a column.
    private static func checksumExpression(_ column: String) -> String {
        "encode(sha256(convert_to(\(column), 'UTF8')), 'hex')"
    }
}

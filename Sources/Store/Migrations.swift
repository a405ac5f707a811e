/// One step of the schema. `sql` may hold several statements; it runs inside a transaction together
/// with its bookkeeping row, so it must not use statements that refuse transactions
/// (`CREATE INDEX CONCURRENTLY`, `VACUUM`). A migration that rewrites data says why in a comment.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// The schema's history: one append-only list, ordered by version. Applied migrations are never
/// edited — the runner stores a checksum of each and refuses a database whose history differs.
public enum Migrations {
    /// Every migration, in order.
    public static let all: [Migration] = foundation + schema + fleet + fleetPages

    /// Store's own migrations. None so far: the `schema_migrations` bookkeeping table belongs to the
    /// runner, which creates it before anything else.
    static let foundation: [Migration] = []
}

import Foundation
import Store
import Testing
import TestSupport

/// `MigrationRunner` on empty databases, with lists made for each test.
@Suite struct MigrationTests {
    static let first = Migration(version: 1, name: "widgets", sql: "CREATE TABLE widgets (id bigserial PRIMARY KEY, name text NOT NULL);")
    static let second = Migration(version: 2, name: "widget colour", sql: """
        ALTER TABLE widgets ADD COLUMN colour text;
        -- A dollar-quoted body and a semicolon inside a string survive the simple protocol.
        CREATE FUNCTION widget_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM widgets $$;
        INSERT INTO widgets (name, colour) VALUES ('a;b', 'red');
        """)
    static let third = Migration(version: 5, name: "gadgets", sql: "CREATE TABLE gadgets (id int); SELECT pg_sleep(0.2);")

    @Test func appliesInOrderAndOnlyOnce() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let db = test.database
            let runner = MigrationRunner(migrations: [Self.first, Self.second, Self.third])
            #expect(try await runner.currentVersion(db) == 0)
            #expect(try await runner.pending(db).map(\.version) == [1, 2, 5])
            await #expect(throws: StoreError.schemaOutdated(current: 0, required: 5)) { try await runner.requireCurrent(db) }

            #expect(try await runner.migrate(db).map(\.version) == [1, 2, 5])
            #expect(try await runner.currentVersion(db) == 5)
            #expect(try await runner.pending(db).isEmpty)
            try await runner.requireCurrent(db)
            #expect(try await db.queryOne("SELECT widget_count() AS n")?.int("n") == 1)
            #expect(try await db.queryOne("SELECT name FROM widgets")?.string("name") == "a;b")

            // Running again applies nothing and changes nothing.
            #expect(try await runner.migrate(db).isEmpty)
            let applied = try await db.query("SELECT version, name FROM schema_migrations ORDER BY version")
            #expect(try applied.map { try $0.int("version") } == [1, 2, 5])
            #expect(try applied.map { try $0.string("name") } == ["widgets", "widget colour", "gadgets"])
        }
    }

    @Test func aLaterProgramAppliesOnlyTheNewMigrations() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let db = test.database
            try await MigrationRunner(migrations: [Self.first]).migrate(db)
            let newer = MigrationRunner(migrations: [Self.first, Self.second])
            await #expect(throws: StoreError.schemaOutdated(current: 1, required: 2)) { try await newer.requireCurrent(db) }
            #expect(try await newer.migrate(db).map(\.version) == [2])
            // The older program still accepts the newer schema (migrations only add).
            try await MigrationRunner(migrations: [Self.first]).requireCurrent(db)
        }
    }

    @Test func aFailingMigrationLeavesNothing() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test async throws in
            let db = test.database
            let broken = Migration(version: 2, name: "broken", sql: "CREATE TABLE half (id int); SELECT * FROM nowhere;")
            let runner = MigrationRunner(migrations: [Self.first, broken])
            await #expect(throws: StoreError.self) { try await runner.migrate(db) }
            #expect(try await runner.currentVersion(db) == 1)
            #expect(try await db.queryOne("SELECT to_regclass('half') IS NULL AS gone")?.bool("gone") == true)
        }
    }

    @Test func twoConcurrentRunnersApplyEachMigrationOnce() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            // Two pools stand for two processes starting at once.
            let one = test.makeDatabase(size: 1), two = test.makeDatabase(size: 1)
            defer { one.close(); two.close() }
            let counting = Migration(version: 6, name: "count", sql: """
                CREATE TABLE IF NOT EXISTS runs (n int); INSERT INTO runs VALUES (1); SELECT pg_sleep(0.1);
                """)
            let runner = MigrationRunner(migrations: [Self.first, Self.second, Self.third, counting])
            async let a = runner.migrate(one)
            async let b = runner.migrate(two)
            let (appliedByA, appliedByB) = try await (a, b)
            #expect((appliedByA + appliedByB).map(\.version).sorted() == [1, 2, 5, 6])
            #expect(try await test.database.queryOne("SELECT count(*) AS n FROM runs")?.int("n") == 1)
            #expect(try await test.database.query("SELECT version FROM schema_migrations").count == 4)
        }
    }

    @Test func aChangedAppliedMigrationIsRefused() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let db = test.database
            try await MigrationRunner(migrations: [Self.first, Self.second]).migrate(db)
            let edited = Migration(version: 1, name: "widgets", sql: Self.first.sql + " -- tidied")
            let third = MigrationRunner(migrations: [edited, Self.second, Self.third])
            await #expect(throws: StoreError.migrationChanged(version: 1)) { try await third.migrate(db) }
            await #expect(throws: StoreError.migrationChanged(version: 1)) { try await third.requireCurrent(db) }
            #expect(try await MigrationRunner(migrations: [Self.first, Self.second]).currentVersion(db) == 2, "nothing applied")
        }
    }

    @Test func theApplicationSchemaApplies() async throws {
        // The template every test database copies was migrated with `Migrations.all`.
        try await TestPostgres.withDatabase { test in
            let runner = MigrationRunner()
            try await runner.requireCurrent(test.database)
            #expect(try await runner.currentVersion(test.database) == runner.requiredVersion)
            #expect(try await runner.migrate(test.database).isEmpty)
        }
    }
}

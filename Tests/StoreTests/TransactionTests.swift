import Foundation
import Store
import Synchronization
import Testing
import TestSupport

/// `Database.transaction`: commit, rollback, transaction-local settings and retries.
@Suite struct TransactionTests {
    @Test func aReturningBodyCommits() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let db = test.database
            try await db.execute("CREATE TABLE t (v int)")
            let count = try await db.transaction { (tx) throws(StoreError) -> Int in
                try tx.execute("INSERT INTO t VALUES (1), (2)")
                return try tx.query("SELECT v FROM t").count
            }
            #expect(count == 2)
            #expect(try await db.query("SELECT v FROM t").count == 2)
        }
    }

    @Test func aThrowingBodyLeavesNothing() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let db = test.database
            try await db.execute("CREATE TABLE t (v int)")
            await #expect(throws: StoreError.checkViolation(constraint: "made up")) {
                try await db.transaction { (tx) throws(StoreError) in
                    try tx.execute("INSERT INTO t VALUES (1)")
                    throw StoreError.checkViolation(constraint: "made up")
                }
            }
            // A failing statement aborts the transaction too.
            await #expect(throws: StoreError.self) {
                try await db.transaction { (tx) throws(StoreError) in
                    try tx.execute("INSERT INTO t VALUES (2)")
                    try tx.execute("INSERT INTO t VALUES (\("x"))")
                }
            }
            #expect(try await db.query("SELECT v FROM t").isEmpty)
            // The connection is clean for the next caller.
            #expect(try await db.queryOne("SELECT 1 AS one") != nil)
        }
    }

    @Test func aSwallowedErrorIsNotReportedAsSaved() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let db = test.database
            try await db.execute("CREATE TABLE t (v int)")
            await #expect(throws: StoreError.self) {
                try await db.transaction { (tx) throws(StoreError) in
                    try tx.execute("INSERT INTO t VALUES (1)")
                    _ = try? tx.execute("SELECT 1 / 0")
                }
            }
            #expect(try await db.query("SELECT v FROM t").isEmpty)
        }
    }

    @Test func settingsAreVisibleInsideAndGoneAfter() async throws {
        try await TestPostgres.withDatabase(migrated: false, size: 1) { test in
            let db = test.database
            let inside = try await db.transaction(settings: ["printercare.org_ids": "{1,2,3}", "printercare.system": "on"]) {
                (tx) throws(StoreError) -> [String] in
                let row = try tx.queryOne("""
                    SELECT current_setting('printercare.org_ids') AS ids, current_setting('printercare.system') AS system,
                           cardinality(current_setting('printercare.org_ids')::bigint[]) AS n
                    """)
                return [try row?.string("ids") ?? "", try row?.string("system") ?? "", try row?.string("n") ?? ""]
            }
            #expect(inside == ["{1,2,3}", "on", "3"])
            // Same (single) connection afterwards: the transaction-local values are gone.
            let after = try #require(try await db.queryOne(
                "SELECT coalesce(current_setting('printercare.org_ids', true), '') AS ids"))
            #expect(try after.string("ids") == "")
            // A hostile value is a value, not SQL.
            let hostile = try await db.transaction(settings: ["printercare.org_ids": "'); DROP TABLE x; --"]) {
                (tx) throws(StoreError) in try tx.queryOne("SELECT current_setting('printercare.org_ids') AS v")?.string("v")
            }
            #expect(hostile == "'); DROP TABLE x; --")
        }
    }

    @Test func aRefusedSettingFailsTheTransactionAndLeavesTheConnectionClean() async throws {
        try await TestPostgres.withDatabase(migrated: false, size: 1) { test in
            let db = test.database
            // Custom settings need a dotted name; this one is refused by the server (42704).
            await #expect {
                try await db.transaction(settings: ["a.ok": "1", "nodot": "x"]) { (tx) throws(StoreError) in
                    try tx.execute("SELECT 1")
                }
            } throws: { error in
                guard case .query(let sqlstate, _)? = error as? StoreError else { return false }
                return sqlstate == "42704"
            }
            let row = try #require(try await db.queryOne("SELECT coalesce(current_setting('a.ok', true), '') AS v, 2 AS two"))
            #expect(try row.string("v") == "")
            #expect(try row.int("two") == 2)
        }
    }

    @Test func serializationFailuresAreRetried() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let attempts = Atomic<Int>(0)
            let value = try await test.database.transaction { (tx) throws(StoreError) -> Int in
                let attempt = attempts.add(1, ordering: .relaxed).newValue
                if attempt < 3 { throw StoreError.serializationFailure }
                return attempt
            }
            #expect(value == 3)
            attempts.store(0, ordering: .relaxed)
            await #expect(throws: StoreError.deadlock) {
                try await test.database.transaction { (tx) throws(StoreError) in
                    attempts.add(1, ordering: .relaxed)
                    throw StoreError.deadlock
                }
            }
            #expect(attempts.load(ordering: .relaxed) == 4, "one try and three retries")
        }
    }

    @Test func realSerializationConflictsResolveByRetrying() async throws {
        try await TestPostgres.withDatabase(migrated: false, size: 8) { test in
            let db = test.database
            try await db.execute("CREATE TABLE counter (n int)")
            try await db.execute("INSERT INTO counter VALUES (0)")
            // Read-then-write under SERIALIZABLE: concurrent ones conflict (40001) and are run again.
            let committed = await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await db.transaction { (tx) throws(StoreError) in
                            try tx.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
                            let n = try tx.queryOne("SELECT n FROM counter")?.int("n") ?? 0
                            try tx.execute("SELECT pg_sleep(0.01)")
                            try tx.execute("UPDATE counter SET n = \(n + 1)")
                        }
                    }
                }
                var committed = 0
                while let result = await group.nextResult() {
                    switch result {
                    case .success: committed += 1
                    // More than three retries in a row may still lose: allowed, but then nothing was written.
                    case .failure(let error): #expect(error as? StoreError == .serializationFailure)
                    }
                }
                return committed
            }
            let n = try #require(try await db.queryOne("SELECT n FROM counter")).int("n")
            #expect(n == committed, "every committed increment counted, none lost")
            #expect(committed >= 1)
        }
    }
}

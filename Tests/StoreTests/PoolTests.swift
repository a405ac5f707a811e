import Foundation
import Store
import Testing
import TestSupport

/// The pool: bounded connections, broken ones replaced, health checks, closing.
@Suite struct PoolTests {
    @Test func moreCallersThanConnectionsAllComplete() async throws {
        try await TestPostgres.withDatabase(migrated: false, size: 3) { test in
            let db = test.database
            let pids = try await withThrowingTaskGroup(of: Int32.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let row = try await db.queryOne("SELECT pg_backend_pid() AS pid, pg_sleep(0.01), \(index) AS i")
                        #expect(try row?.int("i") == index)
                        return try #require(row).int32("pid")
                    }
                }
                var pids: [Int32] = []
                for try await pid in group { pids.append(pid) }
                return pids
            }
            #expect(pids.count == 40)
            #expect(Set(pids).count <= 3, "never more connections than the pool's size")
        }
    }

    @Test func aTerminatedConnectionIsReplaced() async throws {
        try await TestPostgres.withDatabase(migrated: false, size: 1) { test in
            let db = test.database
            let before = try #require(try await db.queryOne("SELECT pg_backend_pid() AS pid")).int32("pid")
            let admin = test.makeDatabase(size: 1, superuser: true)
            defer { admin.close() }
            try await admin.execute("SELECT pg_terminate_backend(\(before))")
            // Wait until the server has really let it go.
            for _ in 0..<200 {
                if try await admin.queryOne("SELECT 1 AS alive FROM pg_stat_activity WHERE pid = \(before)") == nil { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            // The pool notices the dead connection before using it, so this query does not fail.
            let after = try #require(try await db.queryOne("SELECT pg_backend_pid() AS pid")).int32("pid")
            #expect(after != before)
            #expect(await db.ping())
        }
    }

    @Test func aConnectionThatBreaksMidQueryReportsUnavailable() async throws {
        try await TestPostgres.withDatabase(migrated: false, size: 1) { test in
            let db = test.database
            let pid = try #require(try await db.queryOne("SELECT pg_backend_pid() AS pid")).int32("pid")
            let admin = test.makeDatabase(size: 1, superuser: true)
            defer { admin.close() }
            async let slow = db.execute("SELECT pg_sleep(30)")
            // Terminate it while the statement runs: wait (bounded, generously — the suite shares two
            // threads, so the statement may start late) until the server shows it running.
            var running = false
            for _ in 0..<400 where !running {
                running = try await admin.queryOne(
                    "SELECT 1 AS busy FROM pg_stat_activity WHERE pid = \(pid) AND state = 'active' AND query LIKE 'SELECT pg_sleep%'") != nil
                if !running { try await Task.sleep(for: .milliseconds(50)) }
            }
            try #require(running, "the statement never started")
            try await admin.execute("SELECT pg_terminate_backend(\(pid))")
            do {
                _ = try await slow
                Issue.record("the statement survived its connection")
            } catch {
                guard case .unavailable? = error as? StoreError else { Issue.record("expected unavailable, got \(error)"); return }
            }
            #expect(try await db.queryOne("SELECT 1 AS one") != nil, "the next query gets a new connection")
        }
    }

    @Test func pingAnswers() async throws {
        try await TestPostgres.withDatabase(migrated: false, size: 1) { test in
            #expect(await test.database.ping())
            // A pool whose only connection is busy for longer than the ping's time limit: false, in time.
            // Margins are wide: the whole suite shares two threads, so "busy" may start late and the
            // ping's answer may be read late; what matters is that it answers before the query ends.
            let admin = test.makeDatabase(size: 1, superuser: true)
            defer { admin.close() }
            // Long enough that a slow start of the check below still finds it running; cancelled after.
            async let busy = test.database.execute("SELECT pg_sleep(60)")
            // Judge the ping only once the pool's one connection is really busy.
            var running = false
            for _ in 0..<400 where !running {
                running = try await admin.queryOne(
                    "SELECT 1 AS busy FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep(60)%'") != nil
                if !running { try await Task.sleep(for: .milliseconds(50)) }
            }
            try #require(running, "the busy statement never started")
            let started = ContinuousClock.now
            #expect(await test.database.ping(timeout: .milliseconds(200)) == false)
            #expect(ContinuousClock.now - started < .milliseconds(2500))
            _ = try await admin.queryOne(
                "SELECT pg_cancel_backend(pid) AS cancelled FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60)%' AND pid <> pg_backend_pid()")
            _ = try? await busy   // cancelled: an error, expected
        }
    }

    @Test func aClosedPoolRefusesWork() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let db = test.makeDatabase(size: 2)
            let one = try await db.queryOne("SELECT 1 AS one")
            #expect(one != nil)
            db.close()
            await #expect(throws: StoreError.unavailable("the database pool is closed")) { try await db.query("SELECT 1") }
            #expect(await db.ping() == false)
        }
    }
}

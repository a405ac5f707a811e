import Foundation
import Store
import Testing
import TestSupport

/// A private cluster from nothing: non-superuser access, stop and start, reuse, and recovery from kill -9.
@Suite struct EmbeddedPostgresTests {
    @Test func lifecycleFromNothingThroughACrash() async throws {
        let directory = NSTemporaryDirectory() + "printercare-testpg-\(getpid())-embedded-\(UInt16.random(in: 0...9999))"
        // Non-durable for speed, but commits reach the OS before COMMIT returns, so kill -9 loses nothing.
        let embedded = EmbeddedPostgres(directory: directory, options: .init(durable: false, settings: ["synchronous_commit": "on"]),
                                        logger: TestPostgres.logger())
        defer {
            embedded.stop()
            try? FileManager.default.removeItem(atPath: directory)
        }
        // The start-up calls block: each step runs on a thread of its own, like a server's start.
        let url = try await offload { try embedded.start() }
        let me = try await Self.rows(url, """
            SELECT current_user AS who, r.rolsuper::text AS superuser, r.rolbypassrls::text AS bypass,
                   current_setting('listen_addresses') AS tcp
            FROM pg_roles r WHERE r.rolname = current_user
            """)
        #expect(me == [["printercare", "false", "false", ""]], "not a superuser (row-level security applies), no TCP")
        let mode = try FileManager.default.attributesOfItem(atPath: embedded.socketDirectory)[.posixPermissions] as? Int
        #expect(mode == 0o700)
        _ = try await Self.rows(url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before stop')")

        try await offload { embedded.stop() }
        await #expect(throws: StoreError.self) { try await Self.rows(url, "SELECT 1") }

        // Start again: the same cluster and data.
        #expect(try await offload { try embedded.start() } == url)
        #expect(try await Self.rows(url, "SELECT v FROM kept") == [["before stop"]])
        _ = try await Self.rows(url, "INSERT INTO kept VALUES ('before crash')")

        // A server left running (by a killed parent) is reused as it is.
        let pid = try Self.postmasterPID(embedded)
        _ = try await offload { try embedded.start() }
        #expect(try Self.postmasterPID(embedded) == pid)

        // kill -9: a stale postmaster.pid and, for a moment, orphaned backends holding its memory.
        kill(pid, SIGKILL)
        let started = ContinuousClock.now
        _ = try await offload { try embedded.start() }
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(try Self.postmasterPID(embedded) != pid)
        #expect(try await Self.rows(url, "SELECT v FROM kept ORDER BY v") == [["before crash"], ["before stop"]])
    }

    /// Runs statements on a new connection (on its own thread) and returns the last result's text values.
    static func rows(_ url: String, _ sql: String) async throws -> [[String?]] {
        try await offload {
            let connection = try PostgresConnection(url: url, connectTimeout: 2)
            var last: [Row] = []
            for statement in sql.split(separator: ";") where !statement.trimmingCharacters(in: .whitespaces).isEmpty {
                last = try connection.query("\(raw: String(statement))")
            }
            return try last.map { row in try row.columnNames.map { try row.text($0) } }
        }
    }

    /// The running server's process id, from the first line of `postmaster.pid`.
    static func postmasterPID(_ embedded: EmbeddedPostgres) throws -> Int32 {
        let text = try String(contentsOfFile: embedded.dataDirectory + "/postmaster.pid", encoding: .utf8)
        return try #require(text.split(separator: "\n").first.flatMap { Int32($0) })
    }
}

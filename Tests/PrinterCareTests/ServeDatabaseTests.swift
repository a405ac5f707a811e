import Foundation
import TestSupport
import Testing

/// `serve` with its embedded PostgreSQL, and the commands that share it.
@Suite(.serialized) struct ServeDatabaseTests {
    @Test func firstStartPrintsAOneTimePasswordAndTokensCanBeMadeBesideTheServer() async throws {
        let server = try await ServeProcess.start()
        #expect(server.startupOutput.contains("one-time password: "))
        #expect(server.startupOutput.contains("admin admin@localhost.localdomain"))

        let made = try await run(ServeProcess.executable, ["tokens", "create", "--user", "ADMIN@localhost.localdomain", "--name", "erp",
                                                     "--data-dir", server.dataDirectory])
        #expect(made.status == 0)
        #expect(made.output.hasPrefix("pc_") && made.output.count > 40)
        let unknown = try await run(ServeProcess.executable, ["tokens", "create", "--user", "nobody@example.test", "--data-dir", server.dataDirectory])
        #expect(unknown.status != 0)
        // The command found the server's cluster running and left it running.
        let health = try await run("/usr/bin/curl", ["-sS", "http://127.0.0.1:\(server.http)/healthz"])
        #expect(health.output.contains(#""database":"ok""#))
        await server.stop()
    }

    @Test func healthTurns503WhenTheDatabaseGoesAway() async throws {
        let server = try await ServeProcess.start()
        #expect(try await run("/usr/bin/curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(server.http)/healthz"]).output == "200")
        // Stop PostgreSQL behind the server's back (as the account that owns the cluster).
        let owner = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []
        let pgctl = try FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql").sorted().last.map { "/usr/lib/postgresql/\($0)/bin/pg_ctl" } ?? "pg_ctl"
        let stopped = try await run(owner.first ?? pgctl, Array(owner.dropFirst()) + (owner.isEmpty ? [] : [pgctl])
                              + ["stop", "-D", server.dataDirectory + "/postgres", "-m", "immediate", "-w"])
        #expect(stopped.status == 0)
        let code = try await run("/usr/bin/curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(server.http)/healthz"])
        #expect(code.output == "503")
        await server.stop()
    }

    @Test func environmentChoosesTheFirstAdmin() async throws {
        let server = try await ServeProcess.start(environment: ["PRINTERCARE_ADMIN_EMAIL": "Fleet.Boss@example.test",
                                                    "PRINTERCARE_ADMIN_PASSWORD": "a long enough password"])
        #expect(!server.startupOutput.contains("one-time password"))
        let made = try await run(ServeProcess.executable, ["tokens", "create", "--user", "fleet.boss@example.test", "--data-dir", server.dataDirectory])
        #expect(made.status == 0)
        await server.stop()
    }
}

/// `serve` against a database given by `DATABASE_URL`: an outdated schema is refused unless `--migrate`.
@Suite(.serialized) struct ServeExternalDatabaseTests {
    @Test func outdatedSchemaIsRefusedUntilMigrated() async throws {
        // A PostgreSQL to point at: the embedded cluster of one server, with an empty database in it.
        let host = try await ServeProcess.start()
        let socket = host.dataDirectory + "/postgres-socket"
        let owner = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []
        let created = try await run(owner.first ?? "/usr/bin/psql", Array(owner.dropFirst()) + (owner.isEmpty ? [] : ["/usr/bin/psql"])
                                    + ["-h", socket, "-U", "postgres", "-d", "postgres", "-c", "CREATE DATABASE external OWNER printercare"])
        #expect(created.status == 0)
        let url = "host=\(socket) user=printercare dbname=external"

        let refused = try await run("/usr/bin/env", ["DATABASE_URL=\(url)", ServeProcess.executable, "serve", "--host", "127.0.0.1",
                                                    "--http-port", "0", "--https-port", "0", "--gateway-port", "0",
                                                    "--data-dir", host.dataDirectory + "-external", "--public-dir", ServeProcess.repositoryRoot + "/Public"],
                                     includeErrors: true)
        #expect(refused.status != 0)
        #expect(refused.output.contains("printercare migrate"))

        let migrated = try await run("/usr/bin/env", ["DATABASE_URL=\(url)", ServeProcess.executable, "migrate"])
        #expect(migrated.status == 0)
        #expect(migrated.output.contains("applied migration 100"))
        let server = try await ServeProcess.start(dataDirectory: host.dataDirectory + "-external", environment: ["DATABASE_URL": url])
        #expect(try await run("/usr/bin/curl", ["-sS", "http://127.0.0.1:\(server.http)/healthz"]).output.contains(#""database":"ok""#))
        await server.stop()
        await host.stop()
    }
}

import Foundation
import Testing
import TestSupport

/// Issue 5's fault tests, with every piece real (`printercare serve` and its embedded PostgreSQL, a real
/// enrolled `printercare-agent run`, snmpsim printers on loopback, mutual TLS): two server processes on
/// one database, an agent whose gateway goes away and comes back, and kill -9 of the agent and of the
/// server at the awkward moments. The awkward moments are made, not hoped for: a discovery of a range
/// with silent addresses runs for seconds (SNMP timeout and retry), a paused server (SIGSTOP) keeps
/// results in the spool, and a superuser session holding the row lock of the command an upload
/// completes parks that upload inside its transaction — readings inserted, nothing committed — while
/// the test kills whichever side it likes. "Exactly once" is then checked through the REST API
/// (readings per device) and behind it (`agent_uploads`, `agent_commands`).
@Suite(.serialized) struct ResilienceTests {
    /// A mono and a colour printer.
    static let recordings = ["brother", "xerox"]
    static let secret = "resilience-tests-shared-secret-7f3a9c"

    // MARK: 1. two server processes, one database

    /// The agent is enrolled through and connected to server B; server A (another process, same
    /// PostgreSQL) queues the discovery: B's long poll is woken by A's NOTIFY within a second or two
    /// (not by the poll's 30 s timeout), and A's API shows the printers B stored. Schedules made due in
    /// both processes at once run exactly once per due run, and "run now" through B queues exactly one.
    @Test func twoServerProcessesOnOneDatabase() async throws {
        let lab = try LinkLab()
        defer { lab.shutdown() }
        let (snmpPort, addresses) = try await lab.printers(Self.recordings, prefix: "127.0.21")
        let a = lab.server("a", environment: ["PRINTERCARE_SECRET": Self.secret])
        try await a.start()
        let b = lab.server("b", environment: ["PRINTERCARE_SECRET": Self.secret,
                                             "DATABASE_URL": "host=\(a.socketDirectory) user=printercare dbname=printercare"])
        try await b.start()
        let token = try await a.makeToken()
        let apiA = a.api(token: token), apiB = b.api(token: token)

        let made = try await apiA.create("/api/v1/agents", #"{"name": "agent behind B"}"#)
        let agentID = made.id
        let agent = lab.agent("agent")
        try await agent.enroll(server: b, token: try #require(made.json["enrollment_token"] as? String))
        let info = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: agent.state + "/server.json"))) as? [String: Any]
        try #require(info?["gateway_port"] as? Int == b.gateway, "enrolled through B, the agent must use B's gateway: \(info ?? [:])")
        try agent.start(extra: ["--poll-wait", "30"])
        let range = try await apiA.create("/api/v1/address-ranges", """
            {"agent_id": \(agentID), "name": "lab", "first_address": "\(addresses[0])", "last_address": "\(addresses[1])",
             "snmp_community": "public", "snmp_version": "2c", "snmp_port": \(snmpPort)}
            """)

        // The agent's first long poll (wait 30 s) is open at B; a second later A queues the discovery.
        try await waitUntil("the agent is connected to B's gateway", timeout: 20) { establishedConnections(toPort: b.gateway) > 0 }
        try await Task.sleep(for: .seconds(1))
        // "connected" is logged when a poll first returns: none has, so the first one is still waiting.
        try #require(agent.lines(containing: ["connected to the gateway"]).isEmpty, "\(agent.logText)")
        let queuedAt = Date()
        let command = try await apiA.discover(range: range.id)
        try await agent.waitForLine("command \(command): discovery", timeout: 10)
        let heardAfter = Date().timeIntervalSince(queuedAt)
        let delivery = try #require(Double(try await ClusterSQL.query(a,
            "SELECT extract(epoch FROM sent_at - created_at) FROM agent_commands WHERE id = \(command)")))
        // The poll waits 30 s: anything well under that was a wake-up (bounds loose for a loaded CI machine).
        #expect(delivery < 10, "B sent A's command \(delivery) s after it was queued: its poll was not woken by A's NOTIFY")
        #expect(heardAfter < 12)
        #expect(agent.lines(containing: ["connected to the gateway"]).count == 1, "one poll, woken early: \(agent.logText)")

        // Stored through B, read through A (and B): both printers, one reading each.
        try await waitUntil("the printers appear through A's API", timeout: 30) {
            let devices = try await apiA.devices()
            return devices.count == 2 && devices.allSatisfy { $0["latest_reading_at"] is String }
        }
        let throughA = try await apiA.readingsByAddress()
        #expect(Set(throughA.keys) == Set(addresses))
        #expect(throughA.values.allSatisfy { $0.count == 1 }, "\(throughA.mapValues(\.count))")
        #expect(try await apiB.devices().count == 2)
        #expect(agent.lines(containing: ["upload ", "confirmed: 2 reading(s) stored"]).count == 1, "\(agent.logText.suffix(2000))")

        // Schedules: an agent that never connects keeps the commands they queue out of the way.
        let idle = try await apiA.create("/api/v1/agents", #"{"name": "idle agent"}"#)
        let idleRange = try await apiA.create("/api/v1/address-ranges", """
            {"agent_id": \(idle.id), "name": "idle", "cidr": "10.99.0.0/30", "snmp_community": "public", "snmp_version": "2c", "snmp_port": 161}
            """)
        var schedules: [Int] = []
        for index in 0..<10 {
            let api = index.isMultiple(of: 2) ? apiA : apiB
            schedules.append(try await api.create("/api/v1/schedules",
                                                  #"{"kind": "discovery", "address_range_id": \#(idleRange.id), "interval_minutes": 1}"#).id)
        }
        let list = schedules.map(String.init).joined(separator: ",")
        let idleCommands = "SELECT count(*) FROM agent_commands WHERE agent_id = \(idle.id)"
        #expect(try await ClusterSQL.count(a, idleCommands) == 0, "a new interval schedule is first due one interval later")
        let rounds = 3
        for round in 1...rounds {
            // Every schedule due now, in both processes' next scheduler passes (every 2 s each).
            _ = try await ClusterSQL.query(a, "UPDATE schedules SET next_run_at = now() WHERE id IN (\(list))")
            try await waitUntil("round \(round) is claimed", timeout: 15) {
                try await ClusterSQL.count(a, "SELECT count(*) FROM schedules WHERE id IN (\(list)) AND next_run_at > now() + interval '50 seconds'")
                    == schedules.count
            }
            // Both processes have passed over the due schedules at least once more.
            try await Task.sleep(for: .milliseconds(2500))
            #expect(try await ClusterSQL.count(a, idleCommands) == schedules.count * round, "round \(round)")
        }
        let runNow = try await apiB.call("POST", "/api/v1/schedules/\(schedules[0])/run")
        #expect(runNow.status == 202)
        #expect((runNow.json["items"] as? [Any])?.count == 1, "\(runNow.json)")
        try await Task.sleep(for: .milliseconds(2500))
        #expect(try await ClusterSQL.count(a, idleCommands) == schedules.count * rounds + 1)

        agent.kill9()
        #expect(await b.stop() == 0)
        #expect(await a.stop() == 0)
        lab.passed = true
    }

    // MARK: 2. the gateway away, then back

    /// The server stops (gracefully, listener closed) while the agent runs a discovery: the readings
    /// are taken while nothing listens, the upload waits in the spool through failed reconnects, and
    /// once a new server runs on the same data directory and ports it arrives exactly once, with the
    /// times the readings were taken (after the stop, before the restart).
    @Test func agentOfflineThenDeliversExactlyOnce() async throws {
        let lab = try LinkLab()
        defer { lab.shutdown() }
        let (snmpPort, addresses) = try await lab.printers(Self.recordings, prefix: "127.0.22")
        let server = lab.server("server")
        try await server.start()
        let api = server.api(token: try await server.makeToken())
        let made = try await api.create("/api/v1/agents", #"{"name": "offline agent"}"#)
        let agent = lab.agent("agent")
        try await agent.enroll(server: server, token: try #require(made.json["enrollment_token"] as? String))
        // SNMP timeout 3 s (and one retry): the three silent addresses keep the scan busy for 6 s.
        try agent.start(timeout: 3)
        let range = try await api.create("/api/v1/address-ranges", """
            {"agent_id": \(made.id), "name": "lab", "first_address": "\(addresses[0])", "last_address": "127.0.22.6",
             "snmp_community": "public", "snmp_version": "2c", "snmp_port": \(snmpPort)}
            """)
        try await waitUntil("the agent is connected", timeout: 20) { establishedConnections(toPort: server.gateway) > 0 }

        let command = try await api.discover(range: range.id)
        let start = agent.logSize
        try await agent.waitForLine("command \(command): discovery", after: start, timeout: 10)
        #expect(await server.stop() == 0)
        let stoppedAt = Date()
        try #require(agent.lines(after: start, containing: ["command \(command) done"]).isEmpty,
                     "the server must be gone before the discovery ends:\n\(agent.log(after: start))")

        let done = try await agent.waitForLine("command \(command) done", after: start, timeout: 30)
        let name = try #require(LinkAgent.spoolName(inDoneLine: done))
        // Offline for a while: the upload fails to go out, reconnects are refused.
        let afterDone = agent.logSize
        try await waitUntil("two failed reconnects", timeout: 20) {
            agent.lines(after: afterDone, containing: ["unreachable"]).count >= 2
        }
        #expect(agent.spooled == [name])
        #expect(agent.lines(after: start, containing: ["confirmed"]).isEmpty)

        let restartedAt = Date()
        let beforeRestart = agent.logSize
        try await server.start()
        let confirmed = try await agent.waitForLine("upload \(name) confirmed", after: beforeRestart, timeout: 30)
        #expect(confirmed.contains("2 reading(s) stored") && !confirmed.contains("duplicate"), "\(confirmed)")
        #expect(agent.spooled.isEmpty)

        let readings = try await api.readingsByAddress()
        #expect(Set(readings.keys) == Set(addresses))
        for (address, items) in readings {
            #expect(items.count == 1, "\(address): \(items.count) readings")
            let collected = try #require(parseTimestamp(items.first?["collected_at"]))
            #expect(collected > stoppedAt && collected < restartedAt,
                    "\(address): collected \(collected), server stopped \(stoppedAt), restarted \(restartedAt)")
        }
        #expect(try await ClusterSQL.count(server, "SELECT count(*) FROM agent_uploads WHERE agent_id = \(made.id)") == 1)
        #expect(try await ClusterSQL.count(server, "SELECT count(*) FROM agent_commands WHERE id = \(command) AND completed_at IS NOT NULL") == 1)
        #expect(agent.lines(containing: ["command \(command): discovery"]).count == 1, "run once")

        agent.kill9()
        #expect(await server.stop() == 0)
        lab.passed = true
    }

    // MARK: 3. kill -9 of the agent

    /// The agent killed at three points, each followed by a restart:
    /// (a) while the discovery runs — the gateway sends the unfinished command again and it runs again;
    /// (b) with the results spooled but not sent (the server paused) — the spool delivers them;
    /// (c) after the server stored the upload but before the agent heard back (the upload parked on a
    ///     row lock while the agent dies, then committed) — the retry with the same upload key is
    ///     answered "duplicate" and stores nothing.
    /// Three discoveries: exactly three readings per printer and three upload keys, nothing lost.
    @Test func agentKilledMidwayLosesAndDuplicatesNothing() async throws {
        let lab = try LinkLab()
        defer { lab.shutdown() }
        let (snmpPort, addresses) = try await lab.printers(Self.recordings, prefix: "127.0.23")
        let server = lab.server("server")
        try await server.start()
        let api = server.api(token: try await server.makeToken())
        let made = try await api.create("/api/v1/agents", #"{"name": "killed agent"}"#)
        let agent = lab.agent("agent")
        try await agent.enroll(server: server, token: try #require(made.json["enrollment_token"] as? String))
        try agent.start()
        // Two silent addresses: a discovery runs for about 2 s (1 s timeout, one retry).
        let slow = try await api.create("/api/v1/address-ranges", """
            {"agent_id": \(made.id), "name": "lab", "first_address": "\(addresses[0])", "last_address": "127.0.23.5",
             "snmp_community": "public", "snmp_version": "2c", "snmp_port": \(snmpPort)}
            """)
        try await waitUntil("the agent is connected", timeout: 20) { establishedConnections(toPort: server.gateway) > 0 }

        // (a) killed while the command runs: nothing durable yet; the command comes back and runs again.
        var offset = agent.logSize
        let first = try await api.discover(range: slow.id)
        try await agent.waitForLine("command \(first): discovery", after: offset, timeout: 10)
        agent.kill9()
        try #require(agent.lines(after: offset, containing: ["command \(first) done"]).isEmpty)
        #expect(agent.spooled.isEmpty)
        offset = agent.logSize
        try agent.start()
        try await agent.waitForLine("command \(first): discovery", after: offset, timeout: 20)
        let firstDone = try await agent.waitForLine("command \(first) done", after: offset, timeout: 20)
        let firstName = try #require(LinkAgent.spoolName(inDoneLine: firstDone))
        let firstConfirmed = try await agent.waitForLine("upload \(firstName) confirmed", after: offset, timeout: 20)
        #expect(firstConfirmed.contains("2 reading(s) stored") && !firstConfirmed.contains("duplicate"), "\(firstConfirmed)")

        // (b) results in the spool, not sent (the server is paused), agent killed; the restart sends them.
        offset = agent.logSize
        let second = try await api.discover(range: slow.id)
        try await agent.waitForLine("command \(second): discovery", after: offset, timeout: 10)
        server.pause()
        let secondDone = try await agent.waitForLine("command \(second) done", after: offset, timeout: 20)
        let secondName = try #require(LinkAgent.spoolName(inDoneLine: secondDone))
        agent.kill9()
        server.resume()
        #expect(agent.spooled == [secondName])
        offset = agent.logSize
        try agent.start()
        let secondConfirmed = try await agent.waitForLine("upload \(secondName) confirmed", after: offset, timeout: 20)
        #expect(secondConfirmed.contains("2 reading(s) stored") && !secondConfirmed.contains("duplicate"), "\(secondConfirmed)")

        // (c) the upload parked inside its transaction; the agent killed; the transaction commits with
        // nobody to hear the 200; the restarted agent sends the same upload key again.
        offset = agent.logSize
        let third = try await api.discover(range: slow.id)
        try await agent.waitForLine("command \(third): discovery", after: offset, timeout: 10)
        try await lab.lockCommand(third, cluster: server)
        let thirdDone = try await agent.waitForLine("command \(third) done", after: offset, timeout: 20)
        let thirdName = try #require(LinkAgent.spoolName(inDoneLine: thirdDone))
        let thirdKey = LinkAgent.uploadKey(ofSpoolName: thirdName)
        try await waitUntil("the upload waits on the lock", timeout: 15) { try await lab.sessionsBlockedByLock(cluster: server) >= 1 }
        agent.kill9()
        try await lab.releaseLocks(cluster: server)
        let keyStored = "SELECT count(*) FROM agent_uploads WHERE upload_key = '\(thirdKey)'"
        try await waitUntil("the server commits the orphaned upload", timeout: 15) { try await ClusterSQL.count(server, keyStored) == 1 }
        #expect(agent.spooled == [thirdName], "unconfirmed, so still spooled")
        offset = agent.logSize
        try agent.start()
        let thirdConfirmed = try await agent.waitForLine("upload \(thirdName) confirmed", after: offset, timeout: 20)
        #expect(thirdConfirmed.contains("(a duplicate: stored before)") && thirdConfirmed.contains("0 reading(s) stored"), "\(thirdConfirmed)")

        // Everything exactly once.
        #expect(agent.spooled.isEmpty)
        let readings = try await api.readingsByAddress()
        #expect(Set(readings.keys) == Set(addresses))
        for (address, items) in readings {
            #expect(items.count == 3, "\(address): \(items.count) readings")
            #expect(Set(items.compactMap { $0["collected_at"] as? String }).count == items.count)
        }
        #expect(try await ClusterSQL.count(server, "SELECT count(*) FROM agent_uploads WHERE agent_id = \(made.id)") == 3)
        #expect(try await ClusterSQL.count(server, """
            SELECT count(*) FROM agent_commands WHERE id IN (\(first), \(second), \(third)) AND completed_at IS NOT NULL
            """) == 3)
        #expect(agent.lines(containing: ["command \(second): discovery"]).count == 1)
        #expect(agent.lines(containing: ["command \(third): discovery"]).count == 1)

        agent.kill9()
        #expect(await server.stop() == 0)
        lab.passed = true
    }

    // MARK: 4. kill -9 of the server

    /// (a) The server killed while an upload is inside its transaction (parked on a row lock, readings
    /// inserted): nothing of it is committed; the server restarted on the same data directory and
    /// ports gets the agent's retry and stores it, once. (b) Then kill -9 at spread-out moments around
    /// the uploads of further discoveries (just after the results were spooled, while they go out,
    /// after they went) with a restart each time. Every discovery's readings arrive exactly once.
    @Test func serverKilledMidUploadLosesAndDuplicatesNothing() async throws {
        let lab = try LinkLab()
        defer { lab.shutdown() }
        let (snmpPort, addresses) = try await lab.printers(Self.recordings, prefix: "127.0.24")
        let server = lab.server("server")
        try await server.start()
        let api = server.api(token: try await server.makeToken())
        let made = try await api.create("/api/v1/agents", #"{"name": "steady agent"}"#)
        let agent = lab.agent("agent")
        try await agent.enroll(server: server, token: try #require(made.json["enrollment_token"] as? String))
        try agent.start()
        let slow = try await api.create("/api/v1/address-ranges", """
            {"agent_id": \(made.id), "name": "lab", "first_address": "\(addresses[0])", "last_address": "127.0.24.5",
             "snmp_community": "public", "snmp_version": "2c", "snmp_port": \(snmpPort)}
            """)
        let fast = try await api.create("/api/v1/address-ranges", """
            {"agent_id": \(made.id), "name": "printers only", "first_address": "\(addresses[0])", "last_address": "\(addresses[1])",
             "snmp_community": "public", "snmp_version": "2c", "snmp_port": \(snmpPort)}
            """)
        try await waitUntil("the agent is connected", timeout: 20) { establishedConnections(toPort: server.gateway) > 0 }
        let ports = (server.http, server.https, server.gateway)

        // (a) kill -9 with the upload inside its transaction.
        var offset = agent.logSize
        let first = try await api.discover(range: slow.id)
        try await agent.waitForLine("command \(first): discovery", after: offset, timeout: 10)
        try await lab.lockCommand(first, cluster: server)
        let firstDone = try await agent.waitForLine("command \(first) done", after: offset, timeout: 20)
        let firstName = try #require(LinkAgent.spoolName(inDoneLine: firstDone))
        try await waitUntil("the upload waits on the lock", timeout: 15) { try await lab.sessionsBlockedByLock(cluster: server) >= 1 }
        server.kill9()
        try await lab.releaseLocks(cluster: server)
        // The killed server's sessions end (the parked one rolls back once it finds its client gone).
        try await waitUntil("the killed server's sessions are gone", timeout: 15) {
            try await ClusterSQL.count(server, "SELECT count(*) FROM pg_stat_activity WHERE usename = 'printercare'") == 0
        }
        #expect(try await ClusterSQL.count(server, "SELECT count(*) FROM agent_uploads") == 0)
        #expect(try await ClusterSQL.count(server, "SELECT count(*) FROM readings") == 0)
        #expect(agent.spooled == [firstName])
        offset = agent.logSize
        try await server.start()
        #expect((server.http, server.https, server.gateway) == ports)
        let firstConfirmed = try await agent.waitForLine("upload \(firstName) confirmed", after: offset, timeout: 30)
        #expect(firstConfirmed.contains("2 reading(s) stored") && !firstConfirmed.contains("duplicate"), "\(firstConfirmed)")

        // (b) kill -9 at spread-out moments after the results were spooled.
        var outcomes: [String] = []
        var commands = [first]
        for delay in [0.0, 0.6, 1.0, 1.4] {
            offset = agent.logSize
            let command = try await api.discover(range: fast.id)
            commands.append(command)
            let done = try await agent.waitForLine("command \(command) done", after: offset, timeout: 20)
            let name = try #require(LinkAgent.spoolName(inDoneLine: done))
            try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            server.kill9()
            let confirmedBeforeKill = !agent.lines(after: offset, containing: ["upload \(name) confirmed"]).isEmpty
            try await server.start()
            let confirmed = try await agent.waitForLine("upload \(name) confirmed", after: offset, timeout: 30)
            outcomes.append(confirmedBeforeKill ? "confirmed before the kill"
                            : confirmed.contains("duplicate") ? "stored before the kill, confirmed as a duplicate after" : "stored after the restart")
            #expect(confirmed.contains("duplicate") || confirmed.contains("2 reading(s) stored"), "\(confirmed)")
        }
        print("ResilienceTests: server kill -9 outcomes: \(outcomes)")

        #expect(agent.spooled.isEmpty)
        let readings = try await api.readingsByAddress()
        #expect(Set(readings.keys) == Set(addresses))
        for (address, items) in readings {
            #expect(items.count == commands.count, "\(address): \(items.count) readings for \(commands.count) discoveries")
        }
        #expect(try await ClusterSQL.count(server, "SELECT count(*) FROM agent_uploads WHERE agent_id = \(made.id)") == commands.count)
        let list = commands.map(String.init).joined(separator: ",")
        #expect(try await ClusterSQL.count(server, "SELECT count(*) FROM agent_commands WHERE id IN (\(list)) AND completed_at IS NOT NULL")
                == commands.count)
        for command in commands {
            #expect(agent.lines(containing: ["command \(command): discovery"]).count == 1, "command \(command) ran once")
        }

        agent.kill9()
        await server.stop()
        lab.passed = true
    }
}

import Foundation
import Testing
import TestSupport

/// Issue 5's "done when", as a script would do it, with every piece real: `printercare serve` with its
/// embedded PostgreSQL, the REST API (curl), a real `printercare-agent` process enrolled over HTTPS and
/// running against the mTLS gateway, and recorded printers served by snmpsim on loopback addresses.
@Suite(.serialized) struct EndToEndTests {
    /// The recordings put on the "network": three printers (mono and colour) and the AIX server, whose
    /// hrDevice printer rows do not make it a printer.
    static let hosts = ["brother", "xerox", "sharp", "aix_net-snmp"]

    @Test func apiAgentDiscoveryReadingsRevocationAndTenancy() async throws {
        let port = try await SNMPSimulator.freeUDPPortAsync()
        let placed = Self.hosts.enumerated().map { (name: $0.element, address: "127.0.4.\($0.offset + 2)") }
        var simulators: [SNMPSimulator] = []
        defer { simulators.forEach { $0.stop() } }
        for host in placed {
            simulators.append(try await SNMPSimulator.start(address: host.address, port: port, files: [(host.name, "public")]))
        }
        // The server offers drivers newer than the agent's built-in ones (the same drivers, a later
        // version): the agent must take them over the link and keep them.
        let driversDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("pc-drivers-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: driversDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: driversDirectory) }
        var driverSet = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath:
            ServeProcess.repositoryRoot + "/Drivers/drivers.json"))) as? [String: Any])
        driverSet["version"] = "2099.1.1-1"
        try JSONSerialization.data(withJSONObject: driverSet).write(to: URL(fileURLWithPath: driversDirectory + "/drivers.json"))
        let server = try await ServeProcess.start(extra: ["--drivers", driversDirectory])
        let state = server.dataDirectory + "-agent"
        var agentProcess: ChildProcess?
        defer {
            agentProcess?.signal(SIGKILL)
            agentProcess?.wait()
        }
        let made = try await runTool(ServeProcess.executable, ["tokens", "create", "--user", "admin@localhost.localdomain",
                                                              "--data-dir", server.dataDirectory])
        let api = API(port: server.http, token: made.output.trimmingCharacters(in: .whitespacesAndNewlines))

        // Create the agent, enrol it with the real agent binary, start it.
        let agent = try await api.call("POST", "/api/v1/agents", #"{"name": "office agent"}"#)
        try #require(agent.status == 201, "\(agent.json)")
        let agentID = try #require(agent.json["id"] as? Int)
        let token = try #require(agent.json["enrollment_token"] as? String)
        let enrolled = try await AgentCLI.run(["enroll", "--server", "127.0.0.1:\(server.https)", "--token", token, "--state-dir", state])
        try #require(enrolled.code == 0, "\(enrolled.stderr)")
        let log = state + "/run.log"
        agentProcess = try ChildProcess(AgentCLI.executable, ["run", "--state-dir", state, "--timeout", "1"], stderr: .file(log))

        // A range over the simulated hosts and a discovery now.
        let range = try await api.call("POST", "/api/v1/address-ranges", """
            {"agent_id": \(agentID), "name": "lab", "first_address": "127.0.4.1", "last_address": "127.0.4.9",
             "snmp_community": "public", "snmp_version": "2c", "snmp_port": \(port)}
            """)
        try #require(range.status == 201, "\(range.json)")
        let rangeID = try #require(range.json["id"] as? Int)
        #expect(try await api.call("POST", "/api/v1/address-ranges/\(rangeID)/discover").status == 202)

        // The printers appear (not the AIX server), each with a full reading.
        var devices: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            devices = try await api.call("GET", "/api/v1/devices").json["items"] as? [[String: Any]] ?? []
            if devices.count >= 3 && devices.allSatisfy({ $0["latest_reading_at"] is String }) { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        let agentLog = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        try #require(devices.count == 3, "devices: \(devices)\nagent log:\n\(agentLog.suffix(3000))")
        let addresses = Set(devices.compactMap { $0["address"] as? String })
        #expect(addresses == Set(placed.filter { $0.name != "aix_net-snmp" }.map(\.address)))

        // Every fact of each stored reading is what `probe` reads from the same recording (probe is
        // checked against EXPECTED.json by ProbeTests), collected_at aside.
        for device in devices {
            let id = try #require(device["id"] as? Int)
            let shown = try await api.call("GET", "/api/v1/devices/\(id)")
            var stored = try #require(shown.json["latest_reading"] as? [String: Any])
            let address = try #require(device["address"] as? String)
            let probe = try await AgentCLI.run(["probe", "\(address):\(port)", "--community", "public", "--json"])
            var fresh = try #require(try JSONSerialization.jsonObject(with: Data(probe.stdout.utf8)) as? [String: Any])
            stored["collected_at"] = nil
            fresh["collected_at"] = nil
            #expect(NSDictionary(dictionary: stored).isEqual(to: fresh), "\(address): stored \(stored) vs probe \(fresh)")
            let history = try await api.call("GET", "/api/v1/devices/\(id)/readings")
            #expect((history.json["items"] as? [Any])?.count == 1)
        }

        // The newer drivers arrived and are kept for the next start.
        let kept = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: state + "/drivers.json"))) as? [String: Any])
        #expect(kept["version"] as? String == "2099.1.1-1")
        #expect(((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("drivers updated from the server"))

        // Another organization sees none of it.
        let customer = try await api.call("POST", "/api/v1/organizations", #"{"name": "Other customer"}"#)
        let customerID = try #require(customer.json["id"] as? Int)
        #expect(try await api.call("POST", "/api/v1/users", """
            {"email": "admin@other.test", "password": "a long enough password", "role": "admin", "organization_id": \(customerID)}
            """).status == 201)
        let otherToken = try await runTool(ServeProcess.executable, ["tokens", "create", "--user", "admin@other.test", "--data-dir", server.dataDirectory])
        let other = API(port: server.http, token: otherToken.output.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect((try await other.call("GET", "/api/v1/devices").json["items"] as? [Any])?.isEmpty == true)
        #expect((try await other.call("GET", "/api/v1/agents").json["items"] as? [Any])?.isEmpty == true)
        #expect(try await other.call("GET", "/api/v1/devices/\(devices[0]["id"] as? Int ?? 0)").status == 404)

        // Revocation: the agent's certificate stops working at once.
        #expect(try await api.call("POST", "/api/v1/agents/\(agentID)/revoke").status == 200)
        let refusedBy = Date().addingTimeInterval(20)
        var refused = false
        while Date() < refusedBy && !refused {
            refused = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("refuses this agent's certificate")
            if !refused { try await Task.sleep(for: .milliseconds(300)) }
        }
        #expect(refused, "the agent did not notice its revocation:\n\((try? String(contentsOfFile: log, encoding: .utf8))?.suffix(2000) ?? "")")
        await server.stop()
        try? FileManager.default.removeItem(atPath: state)
    }

    /// The REST API over plain HTTP through curl.
    struct API {
        let port: Int
        let token: String

        func call(_ method: String, _ path: String, _ body: String? = nil) async throws -> (status: Int, json: [String: Any]) {
            var arguments = ["-sS", "-m", "20", "-X", method, "-H", "Authorization: Bearer \(token)", "-w", "\n%{http_code}",
                             "http://127.0.0.1:\(port)\(path)"]
            if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
            let output = try await runTool("/usr/bin/curl", arguments).output
            let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
            let json = (try? JSONSerialization.jsonObject(with: Data(lines.dropLast().joined(separator: "\n").utf8))) as? [String: Any]
            return (Int(lines.last ?? "") ?? -1, json ?? [:])
        }
    }
}

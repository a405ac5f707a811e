import FleetCore
import Foundation
import SNMP
import Testing

/// `printercare-agent probe` end to end over real UDP against snmpsim serving every recording:
/// every fact of EXPECTED.json, the same checks FleetCoreTests make in-process.
@Suite(.serialized) struct ProbeTests {
    /// One responder for the suite (community = recording name), started on first use.
    static let simulator = SuiteSimulator()

    static let recordings = SNMPSimulator.recordings

    /// Runs `probe` for one recording and returns its reading object.
    func probe(_ name: String, version: String = "2c") async throws -> [String: Any] {
        let simulator = try await Self.simulator.get()
        let outcome = try await AgentCLI.run(["probe", "127.0.0.1:\(simulator.port)", "--community", name,
                                              "--snmp-version", version, "--json", "--timeout", "3"])
        try #require(outcome.code == 0, "probe \(name) failed: \(outcome.stderr)")
        return try #require(outcome.jsonLines.first, "no JSON from probe \(name): \(outcome.stdout)")
    }

    @Test func everyRecordingIsListed() throws {
        #expect(Set(try Expected.devices().keys) == Set(Self.recordings))
    }

    @Test(arguments: recordings)
    func identityStatusCounters(_ name: String) async throws {
        let want = try Expected.device(name)
        let reading = try await probe(name)
        let system = want["system"] as? [String: Any]
        #expect(reading["address"] as? String == "127.0.0.1")
        #expect(Expected.string(reading["sys_object_id"]) == system?["sysObjectID"] as? String)
        #expect(Expected.string(reading["description"]) == system?["sysDescr"] as? String)
        #expect(Expected.string(reading["serial_number"]) == Expected.string(want["serial"]), "\(name) serial")
        #expect(Expected.string(reading["model"]) == Expected.string(want["model"]), "\(name) model")
        #expect(Expected.string(reading["mac_address"]) == Expected.string(want["mac"]), "\(name) mac")
        let firmware = (want["firmware_candidates"] as? [String: String])?.values.first
        #expect(Expected.string(reading["firmware"]) == firmware, "\(name) firmware")
        let counters = reading["counters"] as? [String: Any]
        #expect(Expected.int(counters?["total"]) == Expected.int((want["counters"] as? [String: Any])?["total_page_count"]))
        #expect((reading["alerts"] as? [Any])?.isEmpty == true)
        let status = reading["status"] as? [String: Any]
        let wantStatus = want["status"] as? [String: Any]
        #expect(Expected.string(status?["device"]) == Expected.string(wantStatus?["hrDeviceStatus_name"]), "\(name) device status")
        #expect(Expected.string(status?["printer"]) == Expected.string(wantStatus?["hrPrinterStatus_name"]), "\(name) printer status")
        let flags = (wantStatus?["error_flags"] as? [String] ?? []).map(Expected.snake)
        #expect(status?["errors"] as? [String] == flags, "\(name) errors")
    }

    @Test(arguments: recordings)
    func supplies(_ name: String) async throws {
        let want = try #require(try Expected.device(name)["supplies"] as? [[String: Any]])
        let got = try #require(try await probe(name)["supplies"] as? [[String: Any]])
        try #require(got.count == want.count, "\(name): \(got.count) supplies, expected \(want.count)")
        let classes = ["other": "other", "supplyThatIsConsumed": "consumed", "receptacleThatIsFilled": "receptacle"]
        for (supply, row) in zip(got, want) {
            let label = "\(name) \(row["index"] ?? "")"
            #expect(supply["index"] as? String == row["index"] as? String, "\(label)")
            let description = (row["description_repaired"] as? String) ?? (row["description"] as? String)
            #expect(Expected.string(supply["description"]) == description?.trimmingCharacters(in: .whitespacesAndNewlines), "\(label)")
            #expect(Expected.string(supply["type"]) == (row["type_name"] as? String).map(Expected.snake), "\(label)")
            #expect(Expected.string(supply["class"]) == (row["class_name"] as? String).flatMap { classes[$0] }, "\(label)")
            #expect(Expected.string(supply["unit"]) == (row["unit_name"] as? String).map(Expected.snake), "\(label)")
            #expect(Expected.int(supply["max_capacity"]) == Expected.int(row["max_capacity"]), "\(label)")
            #expect(Expected.int(supply["level"]) == Expected.int(row["level"]), "\(label)")
            #expect(Expected.double(supply["percent"]) == Expected.double(row["percent"]), "\(label)")
            let receptacle = SupplyRules.isReceptacle(supplyClass: Expected.int(row["class"]), type: Expected.int(row["type"]))
            #expect(Expected.string(supply["state"]) == Self.state(row, isReceptacle: receptacle), "\(label)")
            #expect(Expected.string(supply["serial_number"]) == Expected.string(row["serial_in_description"]), "\(label)")
        }
    }

    @Test(arguments: recordings)
    func trays(_ name: String) async throws {
        let want = try #require(try Expected.device(name)["input_trays"] as? [[String: Any]])
        let got = try await probe(name)["trays"] as? [[String: Any]] ?? []
        // EXPECTED lists named trays only; unnamed rows are still reported, without a name.
        #expect(got.filter { $0["name"] is String }.count == want.count, "\(name)")
        for row in want {
            let tray = try #require(got.first { $0["index"] as? String == row["index"] as? String }, "\(name)")
            #expect(Expected.string(tray["name"]) == Expected.string(row["name"]))
            #expect(Expected.int(tray["max_capacity"]) == Expected.int(row["max_capacity"]))
            #expect(Expected.int(tray["level"]) == Expected.int(row["current_level"]))
        }
    }

    /// SNMPv1 (plain GetNext walks of every wanted column, v1 error handling) yields the same
    /// reading as v2c's planned GetBulks, which skip what the reading does not use.
    @Test(arguments: recordings)
    func versionOneMatchesTwoC(_ name: String) async throws {
        var one = try await probe(name, version: "1")
        var two = try await probe(name)
        one["collected_at"] = nil; two["collected_at"] = nil
        #expect(NSDictionary(dictionary: one).isEqual(to: two), "\(name)")
    }

    /// An agent that cuts every get-bulk answer short (RFC 3416 allows it, to fit its message size):
    /// to one binding, fewer than any request's non-repeaters, or to seven. The read still gets every
    /// fact, the same reading as from the whole answers (before, an answer holding only non-repeaters
    /// ended the read without its tables).
    @Test(arguments: [("jetdirect_m880", 1), ("sharp", 1), ("brother", 2), ("xerox", 7), ("kyocera", 2)])
    func truncatedAnswersGiveTheSameReading(_ name: String, keep: Int) async throws {
        let simulator = try await Self.simulator.get()
        let proxy = try FaultyAgentProxy(to: try #require(UDPAddress(host: "127.0.0.1", port: UInt16(simulator.port))), keep: keep)
        defer { proxy.stop() }
        let outcome = try await AgentCLI.run(["probe", "127.0.0.1:\(proxy.port)", "--community", name, "--json", "--timeout", "3"])
        try #require(outcome.code == 0, "probe \(name) through the proxy failed: \(outcome.stderr)")
        var cut = try #require(outcome.jsonLines.first)
        var whole = try await probe(name)
        cut["collected_at"] = nil; whole["collected_at"] = nil
        let differing = Set(cut.keys).union(whole.keys).filter {
            !NSDictionary(dictionary: [$0: cut[$0] ?? NSNull()]).isEqual(to: [$0: whole[$0] ?? NSNull()])
        }
        #expect(differing.isEmpty, "\(name): \(differing.sorted().map { "\($0): \(cut[$0] ?? "nil") vs \(whole[$0] ?? "nil")" })")
        #expect(proxy.truncated > 0)
    }

    @Test func unreachableFailsClearly() async throws {
        let port = try await SNMPSimulator.freeUDPPortAsync()
        let outcome = try await AgentCLI.run(["probe", "127.0.0.1:\(port)", "--json", "--timeout", "0.3"])
        #expect(outcome.code != 0)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains("did not answer"))
    }

    /// The state EXPECTED's level_state and percent imply under FleetCore's documented thresholds.
    static func state(_ want: [String: Any], isReceptacle: Bool) -> String {
        switch want["level_state"] as? String {
        case "some_remaining": return "some_remaining"
        case "other": return "unrestricted"
        case "unknown", "level_without_max": return "unknown"
        default:
            guard let percent = Expected.double(want["percent"]) else { return "unknown" }
            if isReceptacle { return percent >= 90 ? "full" : "ok" }
            return percent == 0 ? "empty" : percent <= 10 ? "low" : "ok"
        }
    }
}

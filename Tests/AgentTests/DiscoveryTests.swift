import Foundation
import Testing

/// `printercare-agent discover` end to end: one snmpsim responder per loopback address, each serving
/// one recording as community `public`, all on one port; exactly the printers must come back.
struct DiscoveryTests {
    @Test func findsExactlyThePrinters() async throws {
        let expected = try Expected.devices()
        let names = SNMPSimulator.recordings
        #expect(names.contains("aix_net-snmp"), "the non-printer must be among the hosts")
        let port = try await SNMPSimulator.freeUDPPortAsync()
        // 127.0.0.2, 127.0.0.3, …: 127.0.0.1 stays empty, so the scan also covers a silent address.
        let hosts = names.enumerated().map { (name: $0.element, address: "127.0.0.\($0.offset + 2)") }
        let simulators = try await withThrowingTaskGroup(of: SNMPSimulator.self) { group in
            for host in hosts {
                group.addTask {
                    try await SNMPSimulator.start(address: host.address, port: port, files: [(host.name, "public")])
                }
            }
            var started: [SNMPSimulator] = []
            do {
                for try await simulator in group { started.append(simulator) }
            } catch {
                started.forEach { $0.stop() }
                throw error
            }
            return started
        }
        defer { simulators.forEach { $0.stop() } }

        let last = "127.0.0.\(hosts.count + 1)"
        let outcome = try await AgentCLI.run(["discover", "127.0.0.1-\(last)", "--port", "\(port)", "--json",
                                              "--timeout", "2"], timeout: 120)
        #expect(outcome.code == 0, "\(outcome.stderr)")
        let found = outcome.jsonLines
        let byAddress = Dictionary(uniqueKeysWithValues: found.compactMap { line in
            (line["address"] as? String).map { ($0, line) }
        })
        let printers = hosts.filter { expected[$0.name]?["category"] as? String == "printer" }
        #expect(Set(byAddress.keys) == Set(printers.map(\.address)), "found \(byAddress.keys.sorted())")
        #expect(found.count == printers.count)
        let aix = try #require(hosts.first { $0.name == "aix_net-snmp" })
        #expect(byAddress[aix.address] == nil, "the AIX server with hrDevice printer rows is not a printer")

        for host in printers {
            let want = try #require(expected[host.name])
            guard let line = byAddress[host.address] else { continue }
            let system = want["system"] as? [String: Any]
            #expect(Expected.string(line["sys_object_id"]) == system?["sysObjectID"] as? String, "\(host.name)")
            #expect(Expected.string(line["description"]) == system?["sysDescr"] as? String, "\(host.name)")
            #expect(Expected.string(line["model"]) == Expected.string(want["model"]), "\(host.name) model")
            #expect(Expected.string(line["serial_number"]) == Expected.string(want["serial"]), "\(host.name) serial")
            #expect(Expected.string(line["mac_address"]) == Expected.string(want["mac"]), "\(host.name) mac")
            #expect(Set(line.keys) == ["address", "sys_object_id", "description", "model", "serial_number", "mac_address"])
        }
    }

    @Test func refusesBadRange() async throws {
        let outcome = try await AgentCLI.run(["discover", "127.0.0.7/24", "--json"])
        #expect(outcome.code != 0)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains("host bits"))
    }
}

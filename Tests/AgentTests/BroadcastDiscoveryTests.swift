import Agent
import FleetCore
import Foundation
import SNMP
import Testing

/// Broadcast discovery on a real (namespaced) Ethernet LAN: one GetNext to the subnet's broadcast
/// address must find exactly the printers, identified as a sweep would; a range that is not exactly
/// the subnet must still be swept. Needs root for the namespaces (CI runs as root); without it the
/// tests fail with a message, they are not skipped.
struct BroadcastDiscoveryTests {
    /// The stats line's counters by name.
    static func stats(_ stderr: String) -> [String: Int] {
        guard let line = stderr.split(separator: "\n").last(where: { $0.hasPrefix("stats:") }) else { return [:] }
        var result: [String: Int] = [:]
        for field in line.dropFirst("stats:".count).split(separator: " ") {
            let parts = field.split(separator: "=")
            if parts.count == 2, let value = Int(parts[1]) { result[String(parts[0])] = value }
        }
        return result
    }

    /// Every identity fact of EXPECTED.json, as DiscoveryTests checks them.
    static func checkIdentity(_ line: [String: Any], _ name: String) throws {
        let want = try Expected.device(name)
        let system = want["system"] as? [String: Any]
        #expect(Expected.string(line["sys_object_id"]) == system?["sysObjectID"] as? String, "\(name)")
        #expect(Expected.string(line["description"]) == system?["sysDescr"] as? String, "\(name)")
        #expect(Expected.string(line["model"]) == Expected.string(want["model"]), "\(name) model")
        #expect(Expected.string(line["serial_number"]) == Expected.string(want["serial"]), "\(name) serial")
        #expect(Expected.string(line["mac_address"]) == Expected.string(want["mac"]), "\(name) mac")
        #expect(Set(line.keys) == ["address", "sys_object_id", "description", "model", "serial_number", "mac_address"])
    }

    @Test func broadcastFindsExactlyThePrinters() async throws {
        let expected = try Expected.devices()
        // Printers whose broadcast answer is complete (canon), lacks the vendor serial (brother), has the
        // loopback as interface 1 (jetdirect) or needs a vendor model object (ricoh), and the AIX server.
        let recordings = ["brother", "canonprinter_lbp", "jetdirect_m252dw", "ricoh_mpc3002", "aix_net-snmp"]
        let lan = try await NamespaceLAN.start(subnet: "10.231.7", recordings: recordings)
        defer { lan.stop() }

        // Seventeen Python simulators answering at once on a busy test machine can take seconds (a real
        // printer answers in milliseconds): a longer collection window keeps the test about discovery.
        let outcome = try await lan.agent(["discover", "10.231.7.0/24", "--json", "--mode", "auto", "--stats", "--timeout", "6"],
                                          timeout: 120)
        #expect(outcome.code == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("method=broadcast interface=eth0 broadcast=10.231.7.255"), "\(outcome.stderr)")
        let byAddress = Dictionary(uniqueKeysWithValues: outcome.jsonLines.compactMap { line in
            (line["address"] as? String).map { ($0, line) }
        })
        let printers = lan.hosts.filter { expected[$0.recording]?["category"] as? String == "printer" }
        #expect(printers.count == recordings.filter { expected[$0]?["category"] as? String == "printer" }.count)
        #expect(Set(byAddress.keys) == Set(printers.map(\.address)), "found \(byAddress.keys.sorted())\n\(outcome.stderr.suffix(1500))")
        #expect(outcome.jsonLines.count == printers.count)
        for host in printers {
            guard let line = byAddress[host.address] else { continue }
            try Self.checkIdentity(line, host.recording)
        }
        // One broadcast and no resend (hosts answered, so it got through); every other request went to a
        // printer that answered: no address was asked on its own, so nothing timed out (a sweep of the
        // /24 times out ~250 times).
        let stats = Self.stats(outcome.stderr)
        #expect(stats["retransmissions"] == 0, "\(outcome.stderr)")
        #expect(stats["timeouts"] == 0, "\(outcome.stderr)")
        #expect((stats["requests"] ?? 0) < 254, "\(outcome.stderr)")
        // Every host answered the broadcast (the AIX server too).
        #expect((stats["responses"] ?? 0) >= recordings.count, "\(outcome.stderr)")
    }

    /// A subnet where nothing answers: the broadcast goes out a second time (it may have been lost),
    /// then the discovery ends with nothing found and no unicast request at all.
    @Test func silentSubnetGetsOneResend() async throws {
        let lan = try await NamespaceLAN.start(subnet: "10.231.9", recordings: [])
        defer { lan.stop() }
        let outcome = try await lan.agent(["discover", "10.231.9.0/24", "--json", "--mode", "auto", "--stats"], timeout: 60)
        #expect(outcome.code == 0, "\(outcome.stderr)")
        #expect(outcome.jsonLines.isEmpty)
        let stats = Self.stats(outcome.stderr)
        #expect(stats["retransmissions"] == 1, "\(outcome.stderr)")
        #expect(stats["responses"] == 0, "\(outcome.stderr)")
    }

    @Test func rangeThatIsNotTheSubnetIsSwept() async throws {
        let recordings = ["epson", "aix_net-snmp", "sharp"]
        let lan = try await NamespaceLAN.start(subnet: "10.231.8", recordings: recordings)
        defer { lan.stop() }

        // .2-.20 is inside the subnet but not all of it: a broadcast would reach .21-.254 too.
        let outcome = try await lan.agent(["discover", "10.231.8.2-10.231.8.20", "--json", "--mode", "auto", "--stats",
                                           "--timeout", "0.5"], timeout: 120)
        #expect(outcome.code == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("method=sweep"), "\(outcome.stderr)")
        let stats = Self.stats(outcome.stderr)
        #expect(stats["requests"].map { $0 >= 19 } == true, "one request per address: \(outcome.stderr)")
        let found = outcome.jsonLines.compactMap { $0["address"] as? String }
        #expect(Set(found) == ["10.231.8.2", "10.231.8.4"], "found \(found)")
        for line in outcome.jsonLines {
            guard let address = line["address"] as? String,
                  let host = lan.hosts.first(where: { $0.address == address }) else { continue }
            try Self.checkIdentity(line, host.recording)
        }

        // Forced broadcast of the same range: one request to the subnet, answers outside .2-.20 ignored.
        let forced = try await lan.agent(["discover", "10.231.8.3-10.231.8.4", "--json", "--mode", "broadcast", "--stats"],
                                         timeout: 120)
        #expect(forced.code == 0, "\(forced.stderr)")
        #expect(forced.stderr.contains("method=broadcast"), "\(forced.stderr)")
        #expect(forced.jsonLines.compactMap { $0["address"] as? String } == ["10.231.8.4"], "\(forced.stdout)")

        // A subnet the agent is not attached to: a forced broadcast refuses (exit 2) instead of sweeping.
        let elsewhere = try await lan.agent(["discover", "10.231.99.0/24", "--mode", "broadcast", "--json"])
        #expect(elsewhere.code == 2)
        #expect(elsewhere.stdout.isEmpty)
        #expect(elsewhere.stderr.contains("no directly attached subnet holds 10.231.99.0/24"), "\(elsewhere.stderr)")
    }

    @Test func autoBroadcastsOnlyToExactlyTheSubnet() throws {
        func interface(_ address: String, prefix: Int, up: Bool = true, broadcast: Bool = true) -> NetworkInterface {
            let value = IPv4Address(address)!.value
            let mask: UInt32 = prefix == 0 ? 0 : ~0 << UInt32(32 - prefix)
            return NetworkInterface(name: "eth0", address: value, netmask: mask,
                                    broadcast: broadcast ? (value & mask) | ~mask : nil, isUp: up, supportsBroadcast: broadcast)
        }
        let lan = [interface("192.168.5.10", prefix: 24)]
        #expect(Discoverer.exactSubnet(of: try AddressRange("192.168.5.0/24"), among: lan) != nil)
        #expect(Discoverer.exactSubnet(of: try AddressRange("192.168.5.1-192.168.5.254"), among: lan) != nil)
        #expect(Discoverer.exactSubnet(of: try AddressRange("192.168.5.0/25"), among: lan) == nil)
        #expect(Discoverer.exactSubnet(of: try AddressRange("192.168.5.2-192.168.5.254"), among: lan) == nil)
        // An excluded address must never be asked: a broadcast would reach it, so the range is swept.
        #expect(Discoverer.exactSubnet(of: try AddressRange("192.168.5.0/24", excluding: [IPv4Address("192.168.5.9")!]), among: lan) == nil)
        #expect(Discoverer.exactSubnet(of: try AddressRange("192.168.4.0/23"), among: lan) == nil)
        #expect(Discoverer.exactSubnet(of: try AddressRange("192.168.5.0/24", excluding: [IPv4Address("192.168.5.9")!]),
                                       among: lan) == nil, "an excluded address would hear the broadcast")
        #expect(Discoverer.exactSubnet(of: try AddressRange("192.168.5.0/24"),
                                       among: [interface("192.168.5.10", prefix: 24, up: false)]) == nil)
        #expect(Discoverer.exactSubnet(of: try AddressRange("192.168.5.0/24"),
                                       among: [interface("192.168.5.10", prefix: 24, broadcast: false)]) == nil)
        #expect(Discoverer.exactSubnet(of: try AddressRange("10.0.0.0/31"), among: [interface("10.0.0.0", prefix: 31)]) == nil)
        #expect(Discoverer.enclosingSubnet(of: try AddressRange("192.168.5.2-192.168.5.20"), among: lan) != nil)
        #expect(Discoverer.enclosingSubnet(of: try AddressRange("192.168.5.0-192.168.5.20"), among: lan) == nil)
        #expect(Discoverer.enclosingSubnet(of: try AddressRange("192.168.6.0/24"), among: lan) == nil)
    }
}

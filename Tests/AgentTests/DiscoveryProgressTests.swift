import FleetCore
import Foundation
import Logging
import SNMP
import Synchronization
import Testing
@testable import Agent

/// A sweep reports its progress address by address (what the range page shows while a long range is
/// scanned), over real UDP on loopback: one snmpsim printer among silent addresses.
struct DiscoveryProgressTests {
    @Test func aSweepReportsEachAddress() async throws {
        let port = try await SNMPSimulator.freeUDPPortAsync()
        let printer = try await SNMPSimulator.start(address: "127.0.9.3", port: port, files: [("canonprinter_lbp", "public")])
        defer { printer.stop() }
        try await waitUntilAnswering(SNMPTarget(host: "127.0.9.3", port: UInt16(port), community: "public", version: .v1))
        var options = SNMPClientOptions()
        options.timeout = .seconds(3)
        options.retries = 0
        let sweeping = try SNMPClient(options: options, logger: Logger(label: "discovery-progress-tests"))
        defer { sweeping.close() }
        let seen = Mutex<[DiscoveryProgress]>([])
        var discoverer = Discoverer(client: sweeping, concurrency: 5, mode: .sweep)
        discoverer.progress = { step in seen.withLock { $0.append(step) } }

        let found = await discoverer.discover(try AddressRange("127.0.9.1-127.0.9.5"), port: UInt16(port))
        #expect(found.map(\.address) == ["127.0.9.3"])
        let steps = seen.withLock { $0 }
        #expect(steps.map(\.scanned) == [1, 2, 3, 4, 5], "\(steps)")
        #expect(steps.last == DiscoveryProgress(scanned: 5, found: 1))
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0.found <= $1.found })
    }
}

import FleetCore
import Foundation
import Logging
import SNMP
import Testing
@testable import Agent

/// Repeat polls (`Poller.poll(_:remembering:now:)`) over real UDP against snmpsim serving every
/// recording: the same reading as a full read for a fraction of the bytes, and a full read whenever
/// the memory cannot be trusted (another device, expired, a gone instance, a supply replaced).
@Suite(.serialized) struct RefreshTests {
    /// One responder for the suite (community = recording name), started on first use.
    static let simulator = SuiteSimulator()

    static let recordings = SNMPSimulator.recordings
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    /// A poller on its own client: statistics deltas then belong to one poll at a time.
    static func poller(fullReadInterval: TimeInterval = 86_400) throws -> Poller {
        var options = SNMPClientOptions()
        options.timeout = .seconds(3)
        return Poller(client: try SNMPClient(options: options, logger: Logger(label: "refresh-tests")),
                      fullReadInterval: fullReadInterval)
    }

    static func target(_ name: String, _ version: SNMPVersion = .v2c) async throws -> SNMPTarget {
        let simulator = try await Self.simulator.get()
        return SNMPTarget(host: "127.0.0.1", port: UInt16(simulator.port), community: name, version: version)
    }

    /// One poll and the traffic it caused (bytes sent + received, requests).
    static func poll(_ poller: Poller, _ target: SNMPTarget, _ memory: DeviceMemory?,
                     at now: Date) async throws -> (reading: Reading, memory: DeviceMemory, bytes: Int, requests: Int) {
        let before = poller.client.statistics
        let (reading, next) = try await poller.poll(target, remembering: memory, now: now)
        let traffic = poller.client.statistics - before
        return (reading, next, traffic.bytesSent + traffic.bytesReceived, traffic.requestsSent)
    }

    /// The facts EXPECTED.json gives for `name` that a wrong device would get wrong.
    static func checkExpected(_ reading: Reading, _ name: String) throws {
        let want = try Expected.device(name)
        #expect(reading.serialNumber == Expected.string(want["serial"]), "\(name) serial")
        #expect(reading.macAddress == Expected.string(want["mac"]), "\(name) mac")
        #expect(reading.counters.total == Expected.int((want["counters"] as? [String: Any])?["total_page_count"]), "\(name) total")
        #expect(reading.supplies.count == (want["supplies"] as? [Any])?.count ?? 0, "\(name) supplies")
    }

    func repeatEqualsFull(_ name: String, _ version: SNMPVersion) async throws {
        let poller = try Self.poller()
        defer { poller.client.close() }
        let target = try await Self.target(name, version)
        let first = try await Self.poll(poller, target, nil, at: Self.start)
        #expect(first.memory.fullReadAt == Self.start)
        try Self.checkExpected(first.reading, name)
        var memory = first.memory
        for minutes in [5.0, 10.0] {
            let now = Self.start.addingTimeInterval(minutes * 60)
            let again = try await Self.poll(poller, target, memory, at: now)
            #expect(again.memory.fullReadAt == Self.start, "\(name): a repeat poll must not read fully")
            let full = try await poller.read(target, collectedAt: now)
            #expect(again.reading == full, "\(name) v\(version): repeat reading differs from a full read")
            #expect(again.reading.collectedAt == now)
            #expect(again.bytes * 2 <= first.bytes, "\(name): repeat \(again.bytes) B, full \(first.bytes) B")
            #expect(again.requests <= 2, "\(name): \(again.requests) requests")
            memory = again.memory
        }
    }

    @Test(arguments: recordings)
    func repeatPollMatchesFullReadV2c(_ name: String) async throws {
        try await repeatEqualsFull(name, .v2c)
    }

    @Test(arguments: ["jetdirect_m880", "xerox", "sharp", "kyocera", "konica_c250i"])
    func repeatPollMatchesFullReadV1(_ name: String) async throws {
        try await repeatEqualsFull(name, .v1)
    }

    /// Through an agent that cuts every get-bulk answer to two bindings (`FaultyAgentProxy`): the full
    /// read and the repeat poll (whose alert walk is a get-bulk) give the same readings as direct.
    @Test(arguments: ["jetdirect_m880", "sharp", "konica_c250i"])
    func truncatedAnswersRepeatTheSameReadings(_ name: String) async throws {
        let direct = try await Self.target(name)
        let proxy = try FaultyAgentProxy(to: try #require(UDPAddress(host: direct.host, port: direct.port)), keep: 2)
        defer { proxy.stop() }
        let cut = SNMPTarget(host: "127.0.0.1", port: proxy.port, community: name, version: .v2c)
        let poller = try Self.poller()
        defer { poller.client.close() }
        let first = try await Self.poll(poller, cut, nil, at: Self.start)
        #expect(first.reading == (try await poller.read(direct, collectedAt: Self.start)), "\(name): full read")
        let now = Self.start.addingTimeInterval(300)
        let again = try await Self.poll(poller, cut, first.memory, at: now)
        #expect(again.memory.fullReadAt == Self.start, "\(name): a repeat poll must not read fully")
        #expect(again.reading == (try await poller.read(direct, collectedAt: now)), "\(name): repeat poll")
        #expect(proxy.truncated > 0)
    }

    /// A board that speaks only SNMPv1 (the proxy drops every v2c message): a discovered printer on a
    /// range set to v2c is read over v1, and says so; one that answers v2c keeps v2c.
    @Test func aDiscoveredPrinterThatIgnoresV2cIsReadOverV1() async throws {
        let direct = try await Self.target("brother")
        let proxy = try FaultyAgentProxy(to: try #require(UDPAddress(host: direct.host, port: direct.port)), dropping: .v2c)
        defer { proxy.stop() }
        var options = SNMPClientOptions()
        options.timeout = .milliseconds(700)
        options.retries = 0
        let poller = Poller(client: try SNMPClient(options: options, logger: Logger(label: "refresh-tests")))
        defer { poller.client.close() }
        let behind = SNMPTarget(host: "127.0.0.1", port: proxy.port, community: "brother", version: .v2c)
        let fallen = try await poller.readDiscovered(behind, collectedAt: Self.start)
        #expect(fallen.version == .v1)
        #expect(fallen.reading == (try await Self.poller().read(try await Self.target("brother", .v1), collectedAt: Self.start)))
        #expect(try await poller.readDiscovered(direct, collectedAt: Self.start).version == .v2c)
        // An agent that answers v2c but lost (here: never answers) its GetBulks keeps its timeout: it is
        // not relabelled v1.
        let noBulk = try FaultyAgentProxy(to: try #require(UDPAddress(host: direct.host, port: direct.port)), dropBulk: true)
        defer { noBulk.stop() }
        let v2cOnly = SNMPTarget(host: "127.0.0.1", port: noBulk.port, community: "brother", version: .v2c)
        await #expect(throws: SNMPError.timeout) { _ = try await poller.readDiscovered(v2cOnly, collectedAt: Self.start) }
    }

    /// Memory of one recording used against another (the address now answers as another device):
    /// the identity check fails and the result is that device's own full reading. Pairs include
    /// recordings sharing a sysObjectID (HP's, Kyocera/UTAX) and ones without a serial number.
    static let swaps: [(String, String, SNMPVersion)] =
        zip(recordings, recordings.dropFirst() + recordings.prefix(1)).map { ($0, $1, .v2c) }
        + [("jetdirect_m252dw", "jetdirect_m880", .v2c), ("jetdirect_m880", "jetdirect_m252dw", .v2c),
           ("kyocera", "utax", .v2c), ("utax", "kyocera", .v2c), ("jetdirect_m130nw", "jetdirect_m880", .v2c),
           ("jetdirect_m252dw", "jetdirect_m880", .v1), ("kyocera", "utax", .v1), ("xerox", "sharp", .v1)]

    @Test func anotherDeviceIsReadFully() async throws {
        let poller = try Self.poller()
        defer { poller.client.close() }
        for (old, new, version) in Self.swaps {
            let remembered = try await Self.poll(poller, try await Self.target(old, version), nil, at: Self.start)
            let now = Self.start.addingTimeInterval(300)
            let target = try await Self.target(new, version)
            let swapped = try await Self.poll(poller, target, remembered.memory, at: now)
            #expect(swapped.memory.fullReadAt == now, "\(old) → \(new) v\(version): not read fully")
            #expect(swapped.memory.driverID == DriverSet.builtin.driver(
                forSysObjectID: swapped.reading.sysObjectID, description: swapped.reading.description).id)
            #expect(swapped.reading == (try await poller.read(target, collectedAt: now)), "\(old) → \(new)")
            try Self.checkExpected(swapped.reading, new)
        }
    }

    @Test func expiredMemoryIsReadFully() async throws {
        let poller = try Self.poller()
        defer { poller.client.close() }
        let target = try await Self.target("sharp")
        let first = try await Self.poll(poller, target, nil, at: Self.start)
        let day = Self.start.addingTimeInterval(23 * 3600)
        #expect(try await Self.poll(poller, target, first.memory, at: day).memory.fullReadAt == Self.start)
        let later = Self.start.addingTimeInterval(25 * 3600)
        let expired = try await Self.poll(poller, target, first.memory, at: later)
        #expect(expired.memory.fullReadAt == later)
        #expect(expired.requests == first.requests, "an expired memory costs a full read and nothing else")
        #expect(expired.reading == (try await poller.read(target, collectedAt: later)))
        // A memory from the future (the clock went back) is not trusted either.
        let past = Self.start.addingTimeInterval(-60)
        #expect(try await Self.poll(poller, target, first.memory, at: past).memory.fullReadAt == past)
        // The interval is configurable.
        let hourly = try Self.poller(fullReadInterval: 3600)
        defer { hourly.client.close() }
        let twoHours = Self.start.addingTimeInterval(7200)
        #expect(try await Self.poll(hourly, target, first.memory, at: twoHours).memory.fullReadAt == twoHours)
    }

    /// A supply level that rose since the memory (a new cartridge) and a cached instance the device
    /// no longer has each force a full read; alert rows that went away simply disappear.
    @Test func changesThatNeedAFullRead() async throws {
        let poller = try Self.poller()
        defer { poller.client.close() }
        let target = try await Self.target("sharp")
        let first = try await Self.poll(poller, target, nil, at: Self.start)
        let now = Self.start.addingTimeInterval(600)
        let full = try await poller.read(target, collectedAt: now)

        let level = try #require(first.memory.view.subtree(StandardOIDs.prtMarkerSuppliesLevel)
            .first { ($0.value.integerValue ?? 0) > 0 })
        var lower = first.memory.view
        lower.set(level.oid, .integer(level.value.integerValue! - 1))
        let refilled = try await Self.poll(poller, target, DeviceMemory(refreshing: first.memory, view: lower), at: now)
        #expect(refilled.memory.fullReadAt == now, "a level rise must trigger a full read")
        #expect(refilled.reading == full)

        var higher = first.memory.view
        higher.set(level.oid, .integer(level.value.integerValue! + 1))
        let used = try await Self.poll(poller, target, DeviceMemory(refreshing: first.memory, view: higher), at: now)
        #expect(used.memory.fullReadAt == Self.start, "a level falling is a normal repeat poll")
        #expect(used.reading == full)

        var ghost = first.memory.view
        ghost.set(StandardOIDs.prtMarkerLifeCount.appending(1, 99), .counter32(5))
        ghost.sort()
        let gone = try await Self.poll(poller, target, DeviceMemory(refreshing: first.memory, view: ghost), at: now)
        #expect(gone.memory.fullReadAt == now, "a cached instance now absent must trigger a full read")
        #expect(gone.reading == full)

        var alerting = first.memory.view
        alerting.set(StandardOIDs.prtAlertSeverityLevel.appending(1, 7), .integer(3))
        alerting.set(StandardOIDs.prtAlertCode.appending(1, 7), .integer(8))
        alerting.sort()
        let cleared = try await Self.poll(poller, target, DeviceMemory(refreshing: first.memory, view: alerting), at: now)
        #expect(cleared.memory.fullReadAt == Self.start)
        #expect(cleared.reading.alerts.isEmpty)
        #expect(cleared.reading == full)
    }
}

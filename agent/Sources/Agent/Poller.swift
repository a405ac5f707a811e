import FleetCore
import Foundation
import SNMP

/// Reads one device fully: identifies it (sysObjectID, sysDescr), picks its driver, fetches what
/// the driver's plan names (`readByBulk`: a few messages that identify and read at once — GetBulks
/// over v2c, GetNexts of the same plan over v1), and builds the reading from that view.
public struct Poller: Sendable {
    public let client: SNMPClient
    public let drivers: DriverSet
    /// How old a device's last full read may get before a repeat poll (`poll(_:remembering:now:)`)
    /// reads it fully again (seconds; a day by default).
    public var fullReadInterval: TimeInterval

    public init(client: SNMPClient, drivers: DriverSet = .builtin, fullReadInterval: TimeInterval = 86_400) {
        self.client = client
        self.drivers = drivers
        self.fullReadInterval = fullReadInterval
    }

    /// One reading of `target`; throws the client's error (e.g. `.timeout` when nothing answers).
    public func read(_ target: SNMPTarget, collectedAt: Date = Date()) async throws(SNMPError) -> Reading {
        let (view, driver) = try await readView(target)
        return ReadingBuilder.build(view: view, driver: driver, address: target.host, collectedAt: collectedAt)
    }

    /// A full read: the whole view the driver's plan names, and that driver.
    /// Both versions plan the same way (`readByBulk`); over v1 every message is one GetNext.
    public func readView(_ target: SNMPTarget) async throws(SNMPError) -> (view: MIBView, driver: Driver) {
        try await readByBulk(target)
    }

    /// sysDescr.0 as text (what driver selection matches against), NULs and edges trimmed.
    public static func sysDescr(_ view: MIBView) -> String? {
        guard let bytes = view[StandardOIDs.sysDescr]?.bytes else { return nil }
        let text = String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}

import FleetCore
import Foundation
import SNMP

/// Reads one device fully: identifies it (sysObjectID, sysDescr), picks its driver, fetches what
/// the driver's plan names (v2c: `readByBulk`, a few GetBulk messages that identify and read at
/// once; v1: one concurrent `fetch`), and builds the reading from that view.
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
    public func readView(_ target: SNMPTarget) async throws(SNMPError) -> (view: MIBView, driver: Driver) {
        if target.version == .v2c { return try await readByBulk(target) }
        // Identity first: the driver (and so the plan) depends on it.
        let identity = try await client.get([StandardOIDs.sysObjectID, StandardOIDs.sysDescr], from: target)
        let first = MIBView(identity.map { ($0.oid, $0.value) })
        var sysObjectID: String?
        if case .objectIdentifier(let oid)? = first[StandardOIDs.sysObjectID] { sysObjectID = oid.description }
        let driver = drivers.driver(forSysObjectID: sysObjectID, description: Poller.sysDescr(first))
        let plan = drivers.plan(for: driver)
        // Both identity objects are already known: do not ask for them twice.
        let scalars = plan.scalars.filter { $0 != StandardOIDs.sysObjectID && $0 != StandardOIDs.sysDescr }
        var view = try await client.fetch(subtrees: plan.subtrees, scalars: scalars, from: target)
        for binding in identity { view.set(binding.oid, binding.value) }
        view.sort()
        return (view, driver)
    }

    /// sysDescr.0 as text (what driver selection matches against), NULs and edges trimmed.
    public static func sysDescr(_ view: MIBView) -> String? {
        guard let bytes = view[StandardOIDs.sysDescr]?.bytes else { return nil }
        let text = String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}

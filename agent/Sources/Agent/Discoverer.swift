import FleetCore
import Foundation
import SNMP

/// Scans an address range for printers (PRODUCT.md "Discovery").
///
/// Per address one SNMPv1 GetNext of `PrinterDetection.discoveryOIDs` (one datagram out; a silent
/// address costs that and its one retry, nothing more). Only hosts whose answer shows the Printer MIB
/// get a second, identity-only fetch (`PrinterDetection.identityPlan`), so non-printers and empty
/// addresses never see more than the probe. Addresses come only from the `AddressRange`.
public struct Discoverer: Sendable {
    public let client: SNMPClient
    public let drivers: DriverSet
    /// Addresses probed at once; the client's own in-flight bound and rate limit apply on top.
    public var concurrency: Int

    public init(client: SNMPClient, drivers: DriverSet = .builtin, concurrency: Int = 128) {
        self.client = client
        self.drivers = drivers
        self.concurrency = max(1, concurrency)
    }

    /// Every printer of `range`, in address order.
    public func discover(_ range: AddressRange, port: UInt16 = 161, community: String = "public",
                         version: SNMPVersion = .v1) async -> [DiscoveredPrinter] {
        let addresses = range.addresses
        var found: [(IPv4Address, DiscoveredPrinter)] = []
        await withTaskGroup(of: (IPv4Address, DiscoveredPrinter?).self) { group in
            var next = 0
            // A sliding window: at most `concurrency` addresses in progress.
            func launch() {
                guard next < addresses.count else { return }
                let address = addresses[next]
                next += 1
                let target = SNMPTarget(host: address.description, port: port, community: community, version: version)
                group.addTask { (address, await self.examine(target)) }
            }
            for _ in 0..<min(concurrency, addresses.count) { launch() }
            for await (address, printer) in group {
                if let printer { found.append((address, printer)) }
                launch()
            }
        }
        return found.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The printer at `target`, or nil when it is silent, refuses, or is not a printer.
    public func examine(_ target: SNMPTarget) async -> DiscoveredPrinter? {
        guard let probe = try? await client.getNext(PrinterDetection.discoveryOIDs, from: target) else { return nil }
        var view = MIBView(probe.map { ($0.oid, $0.value) })
        guard PrinterDetection.isPrinter(view) else { return nil }
        var sysObjectID: String?
        if case .objectIdentifier(let oid)? = view[StandardOIDs.sysObjectID] { sysObjectID = oid.description }
        let driver = drivers.driver(forSysObjectID: sysObjectID, description: Poller.sysDescr(view))
        let plan = PrinterDetection.identityPlan(for: driver)
        // The probe already brought sysDescr.0 and sysObjectID.0.
        let scalars = plan.scalars.filter { view[$0] == nil }
        if let identity = try? await client.fetch(subtrees: plan.subtrees, scalars: scalars, from: target) {
            for entry in identity.subtree(OID([1])) { view.set(entry.oid, entry.value) }
            view.sort()
        }
        return DiscoveredPrinter(address: target.host, view: view, drivers: drivers)
    }
}

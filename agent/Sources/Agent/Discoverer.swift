import FleetCore
import Foundation
import Logging
import SNMP

/// How a discovery reaches the addresses of its range.
public enum DiscoveryMode: String, Sendable, CaseIterable {
    /// Broadcast when the range is exactly one directly attached subnet, otherwise sweep.
    case auto
    /// One request to the broadcast address of the directly attached subnet holding the range;
    /// answers from outside the range are ignored. Fails when no attached subnet holds the range.
    case broadcast
    /// One request per address of the range (plus one retry when it is silent).
    case sweep
}

/// Why a discovery could not run.
public enum DiscoveryError: Error, Sendable, CustomStringConvertible {
    /// Broadcast was asked for, but no up, broadcast-capable interface's subnet holds the range.
    case noAttachedSubnet(range: String, interfaces: [NetworkInterface])
    case network(SNMPError)

    public var description: String {
        switch self {
        case .noAttachedSubnet(let range, let interfaces):
            let list = interfaces.filter(Discoverer.canBroadcast).map(\.description)
            return "no directly attached subnet holds \(range) (broadcast-capable: "
                + (list.isEmpty ? "none" : list.joined(separator: ", ")) + "); use --mode sweep"
        case .network(let error): return "\(error)"
        }
    }
}

/// How far a discovery has got: addresses whose question is settled (answered, silent after its
/// retry, or reached by the broadcast) and printers identified so far.
public struct DiscoveryProgress: Sendable, Equatable {
    public var scanned: Int
    public var found: Int
}

/// What one discovery found and how.
public struct DiscoveryReport: Sendable {
    public var printers: [DiscoveredPrinter]
    /// `.sweep` or `.broadcast`: what `.auto` chose.
    public var method: DiscoveryMode
    /// The interface whose subnet was broadcast to.
    public var interface: NetworkInterface?
    /// Traffic of the broadcast probe's own socket (the client counts the unicast requests).
    public var broadcastStatistics = SNMPStatistics()
}

/// Scans an address range for printers (PRODUCT.md "Discovery").
///
/// **Sweep**: per address one SNMPv1 GetNext of `PrinterDetection.discoveryOIDs` (one datagram out;
/// a silent address costs that and its one retry, nothing more). **Broadcast**: that same GetNext
/// once (and once more, for a lost datagram) to the subnet's broadcast address, which every address
/// of a directly attached subnet receives; each agent answers from its own address. `.auto` (the
/// default) broadcasts only when the range is exactly such a subnet — its CIDR block or its
/// first-last host range, nothing excluded — so the request reaches no address outside the range;
/// anything else is swept. The broadcast carries the identity's scalars and hrDevice columns
/// (`PrinterDetection.broadcastStarts`/`broadcastColumns`); an answering host's MAC is read from
/// the neighbour table its ARP filled (`NeighbourTable`). Either way only hosts whose answer shows
/// the Printer MIB get a unicast fetch of what is still missing (`PrinterDetection.identityPlan`),
/// and answers come only from the `AddressRange` (`identity(of:…)`: the identity's columns walked
/// together, stopping once decided).
/// Trade-off: a device configured not to answer broadcast requests is found only
/// by a sweep.
public struct Discoverer: Sendable {
    public let client: SNMPClient
    public let drivers: DriverSet
    /// Addresses probed (or printers identified) at once; the client's own in-flight bound and rate limit apply on top.
    public var concurrency: Int
    public var mode: DiscoveryMode
    /// Timing of the broadcast request.
    public var broadcastOptions = BroadcastProbe.Options()
    /// Called as the discovery advances (from its own tasks; keep it cheap): by a sweep after each
    /// address, by a broadcast once the answers are in and after each printer identified.
    public var progress: (@Sendable (DiscoveryProgress) -> Void)?
    /// The host's IPv4 interfaces (replaceable for tests).
    public var interfaces: @Sendable () throws(SNMPError) -> [NetworkInterface] = { () throws(SNMPError) in try NetworkInterfaces.ipv4() }
    public var logger: Logger

    public init(client: SNMPClient, drivers: DriverSet = .builtin, concurrency: Int = 128, mode: DiscoveryMode = .auto,
                logger: Logger = Logger(label: "printercare-agent.discovery")) {
        self.client = client
        self.drivers = drivers
        self.concurrency = max(1, concurrency)
        self.mode = mode
        self.logger = logger
    }

    /// Every printer of `range`, in address order (a broadcast that cannot run finds nothing).
    public func discover(_ range: AddressRange, port: UInt16 = 161, community: String = "public",
                         version: SNMPVersion = .v1) async -> [DiscoveredPrinter] {
        (try? await run(range, port: port, community: community, version: version))?.printers ?? []
    }

    /// Every printer of `range`, in address order, and how they were found.
    public func run(_ range: AddressRange, port: UInt16 = 161, community: String = "public",
                    version: SNMPVersion = .v1) async throws(DiscoveryError) -> DiscoveryReport {
        if mode == .sweep {
            return DiscoveryReport(printers: await sweep(range, port: port, community: community, version: version), method: .sweep)
        }
        let available: [NetworkInterface]
        do { available = try interfaces() } catch {
            if mode == .broadcast { throw .network(error) }
            logger.warning("cannot list network interfaces, sweeping: \(error)")
            return DiscoveryReport(printers: await sweep(range, port: port, community: community, version: version), method: .sweep)
        }
        let chosen = mode == .auto ? Self.exactSubnet(of: range, among: available)
                                   : Self.enclosingSubnet(of: range, among: available)
        guard let interface = chosen, let broadcast = interface.broadcast else {
            if mode == .broadcast { throw .noAttachedSubnet(range: range.text, interfaces: available) }
            return DiscoveryReport(printers: await sweep(range, port: port, community: community, version: version), method: .sweep)
        }
        return try await broadcastDiscovery(range, via: interface, to: broadcast, port: port, community: community, version: version)
    }

    // MARK: the two methods

    /// One GetNext per address, `concurrency` at a time.
    private func sweep(_ range: AddressRange, port: UInt16, community: String, version: SNMPVersion) async -> [DiscoveredPrinter] {
        let targets = range.addresses.map { SNMPTarget(host: $0.description, port: port, community: community, version: version) }
        return await identify(targets, progress: { done, found in DiscoveryProgress(scanned: done, found: found) }) { target in
            await self.examine(target)
        }
    }

    /// One GetNext to the subnet's broadcast address; MACs from the neighbour table; unicast identity
    /// fetches for what the printers' answers lack.
    private func broadcastDiscovery(_ range: AddressRange, via interface: NetworkInterface, to broadcast: UInt32, port: UInt16,
                                    community: String, version: SNMPVersion) async throws(DiscoveryError) -> DiscoveryReport {
        let destination = UDPAddress(octets: [UInt8(broadcast >> 24), UInt8(broadcast >> 16 & 0xFF),
                                              UInt8(broadcast >> 8 & 0xFF), UInt8(broadcast & 0xFF)], port: port)
        let probe = BroadcastProbe(options: broadcastOptions, logger: logger)
        let starts = PrinterDetection.broadcastStarts
        let columns = PrinterDetection.broadcastColumns
        let outcome: BroadcastProbe.Outcome
        do {
            outcome = try await probe.run(.getNextRequest, starts + columns,
                                          to: destination, community: community, version: version) { source in
                IPv4Address(source.host).map(range.contains) ?? false
            }
        } catch {
            throw .network(error)
        }
        var answered: [String: (view: MIBView, probed: ProbedIdentity)] = [:]
        var targets: [SNMPTarget] = []
        for answer in outcome.answers {
            let target = SNMPTarget(host: answer.source.host, port: port, community: community, version: version)
            targets.append(target)
            // An error answer (e.g. v1 noSuchName for one binding) is asked again by unicast, which resolves it.
            guard answer.errorStatus == 0 else { continue }
            answered[target.host] = ProbedIdentity.read(answer.varbinds, starts: starts, columns: columns)
        }
        let views = answered
        let links = NeighbourTable.distinct(NeighbourTable.ipv4(device: interface.name), hosts: targets.map(\.host))
        // The broadcast reached every address at once: the range is scanned, identification follows.
        let scanned = range.count
        progress?(DiscoveryProgress(scanned: scanned, found: 0))
        let printers = await identify(targets, progress: { _, found in DiscoveryProgress(scanned: scanned, found: found) }) { target in
            if let probed = views[target.host] {
                return await self.describe(target, view: probed.view, probed: probed.probed, linkMAC: links[target.host])
            }
            return await self.examine(target)
        }
        return DiscoveryReport(printers: printers, method: .broadcast, interface: interface,
                               broadcastStatistics: outcome.statistics)
    }

    /// Runs `work` for every target, at most `concurrency` at once; the printers found, in address order.
    private func identify(_ targets: [SNMPTarget], progress step: (_ done: Int, _ found: Int) -> DiscoveryProgress,
                          _ work: @escaping @Sendable (SNMPTarget) async -> DiscoveredPrinter?) async -> [DiscoveredPrinter] {
        var found: [(IPv4Address, DiscoveredPrinter)] = []
        var done = 0
        await withTaskGroup(of: (SNMPTarget, DiscoveredPrinter?).self) { group in
            var next = 0
            // A sliding window: at most `concurrency` targets in progress.
            func launch() {
                guard next < targets.count else { return }
                let target = targets[next]
                next += 1
                group.addTask { (target, await work(target)) }
            }
            for _ in 0..<min(concurrency, targets.count) { launch() }
            for await (target, printer) in group {
                if let printer { found.append((IPv4Address(target.host) ?? IPv4Address(0), printer)) }
                done += 1
                progress?(step(done, found.count))
                launch()
            }
        }
        return found.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The printer at `target`, or nil when it is silent, refuses, or is not a printer.
    public func examine(_ target: SNMPTarget) async -> DiscoveredPrinter? {
        guard let probe = try? await client.getNext(PrinterDetection.discoveryOIDs, from: target) else { return nil }
        return await describe(target, view: MIBView(probe.map { ($0.oid, $0.value) }))
    }

    /// The printer whose answer to the discovery GetNext is `view` (sweep or broadcast), identified by
    /// a unicast fetch of what the answer lacks; nil when the answer shows no Printer MIB. `probed`
    /// says what a broadcast answer already settled (scalars known present or absent, where each
    /// identity column's walk stands); `linkMAC`, the host's address in the neighbour table, is its
    /// MAC (no interface walk), else the interface columns are walked from their start.
    public func describe(_ target: SNMPTarget, view probe: MIBView, probed: ProbedIdentity? = nil,
                         linkMAC: String? = nil) async -> DiscoveredPrinter? {
        var view = probe
        guard PrinterDetection.isPrinter(view) else { return nil }
        var sysObjectID: String?
        if case .objectIdentifier(let oid)? = view[StandardOIDs.sysObjectID] { sysObjectID = oid.description }
        let driver = drivers.driver(forSysObjectID: sysObjectID, description: Poller.sysDescr(view))
        let plan = PrinterDetection.identityPlan(for: driver)
        var scalars = plan.scalars.filter { view[$0] == nil && !(probed?.settles($0) ?? false) }
        if probed != nil {
            // After a broadcast answer, a vendor object is asked only when the standard ones it backs up
            // are missing (DeviceIdentity takes prtGeneralSerialNumber, the printer row's hrDeviceDescr
            // and prtGeneralPrinterName first); discovery shows no manufacturer, so no device ID for it.
            var skipped = Set<OID>()
            if DeviceIdentity.standardSerial(view) != nil { skipped.formUnion(driver.identity.serial) }
            if DeviceIdentity.standardModel(view) != nil { skipped.formUnion(driver.identity.model + driver.identity.deviceID) }
            scalars.removeAll { skipped.contains($0) && !PrinterDetection.broadcastScalars.contains($0) }
        }
        var cursors = probed?.cursors ?? plan.subtrees.map { ($0, $0) }
        if linkMAC != nil {
            cursors.removeAll { PrinterDetection.interfaceColumns.contains($0.column) }
        } else if probed != nil {
            cursors += PrinterDetection.interfaceColumns.map { ($0, $0) }
        }
        if let identity = await identity(of: target, scalars: scalars, cursors: cursors, known: view) {
            view = identity
        }
        var printer = DiscoveredPrinter(address: target.host, view: view, drivers: drivers)
        if let linkMAC { printer.macAddress = linkMAC }
        return printer
    }
}

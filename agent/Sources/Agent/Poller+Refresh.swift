import FleetCore
import Foundation
import SNMP

/// What the agent keeps of a device between polls: the last full view, the driver that read it,
/// when, and the identity values that tell a swapped device (another printer at the same address).
public struct DeviceMemory: Sendable {
    public let driverID: String
    /// The version of the driver set that chose the driver: new drivers mean a full read.
    public let driverSetVersion: String
    /// The last full view with every repeat poll's values laid over it.
    public let view: MIBView
    public let fullReadAt: Date
    /// sysObjectID.0 and the serial-number objects the full read found (else the MAC address's
    /// ifPhysAddress instance, else sysDescr.0), with their values; an absent one is `.noSuchObject`.
    public let identity: [OID: SNMPValue]

    init(driver: Driver, drivers: DriverSet, view: MIBView, fullReadAt: Date) {
        driverID = driver.id
        driverSetVersion = drivers.version
        self.view = view
        self.fullReadAt = fullReadAt
        var objects: [OID] = []
        for oid in [StandardOIDs.prtGeneralSerialNumber] + driver.identity.serial where view[oid] != nil && !objects.contains(oid) {
            objects.append(oid)
        }
        if objects.isEmpty { objects = [Self.macInstance(view) ?? StandardOIDs.sysDescr] }
        var identity: [OID: SNMPValue] = [:]
        for oid in [StandardOIDs.sysObjectID] + objects { identity[oid] = view[oid] ?? .noSuchObject }
        self.identity = identity
    }

    /// The ifPhysAddress instance holding the reading's MAC address (a device without a serial
    /// number is told apart by it: 6 bytes, where sysDescr is often 100 or more).
    static func macInstance(_ view: MIBView) -> OID? {
        guard let mac = DeviceIdentity.macAddress(view) else { return nil }
        return view.subtree(StandardOIDs.ifPhysAddress).first { entry in
            entry.value.bytes?.map { String(format: "%02X", $0) }.joined(separator: ":") == mac
        }?.oid
    }

    init(refreshing memory: DeviceMemory, view: MIBView) {
        driverID = memory.driverID; driverSetVersion = memory.driverSetVersion
        self.view = view; fullReadAt = memory.fullReadAt; identity = memory.identity
    }
}

extension Poller {
    /// prtAlertEntry: its rows come and go, so a repeat poll walks the alert columns.
    static let prtAlertEntry: OID = "1.3.6.1.2.1.43.18.1.1"
    /// Columns read at the status row only (`DeviceIdentity.statusRow`): nothing else shows them.
    static let statusColumns: Set<OID> = [StandardOIDs.hrDeviceStatus, StandardOIDs.hrPrinterStatus,
                                          StandardOIDs.hrPrinterDetectedErrorState]

    /// A status poll of a device read before: with `previous` (from this device's last poll) younger
    /// than `fullReadInterval` and the same driver set, ONE Get of the identity objects and of what
    /// `DriverSet.refreshPlan` names at the instances the cached view holds (the hrDevice and
    /// hrPrinter status columns at the printer's row only, all the reading uses), with
    /// (concurrently) a walk of the alert table, laid over the cached view. A full read instead when there is no
    /// memory, it expired, the identity differs (another device), a cached instance is gone, or a
    /// supply level rose (a replacement: new description and serial). The reading equals a full
    /// read's. prtMarkerSuppliesMaxCapacity is not asked again: it changes with a new cartridge,
    /// which the level rising detects.
    public func poll(_ target: SNMPTarget, remembering previous: DeviceMemory?,
                     now: Date = Date()) async throws(SNMPError) -> (Reading, DeviceMemory) {
        if let previous, previous.driverSetVersion == drivers.version,
           let driver = drivers.drivers.first(where: { $0.id == previous.driverID }) {
            let age = now.timeIntervalSince(previous.fullReadAt)
            if age >= 0, age < fullReadInterval, let view = try await refreshView(target, previous, driver) {
                let reading = ReadingBuilder.build(view: view, driver: driver, address: target.host, collectedAt: now)
                return (reading, DeviceMemory(refreshing: previous, view: view))
            }
        }
        let (view, driver) = try await readView(target)
        let reading = ReadingBuilder.build(view: view, driver: driver, address: target.host, collectedAt: now)
        return (reading, DeviceMemory(driver: driver, drivers: drivers, view: view, fullReadAt: now))
    }

    /// The cached view with the changing objects fetched again, or nil when only a full read will do.
    func refreshView(_ target: SNMPTarget, _ memory: DeviceMemory, _ driver: Driver) async throws(SNMPError) -> MIBView? {
        let cached = memory.view
        let plan = drivers.refreshPlan(for: driver)
        let alertColumns = plan.subtrees.filter { $0.isInSubtree(of: Self.prtAlertEntry) }.sorted()
        var oids = memory.identity.keys.sorted()
        for oid in plan.scalars where cached[oid] != nil && memory.identity[oid] == nil { oids.append(oid) }
        let statusRow = DeviceIdentity.statusRow(cached)
        for column in plan.subtrees where !alertColumns.contains(column) && column != StandardOIDs.prtMarkerSuppliesMaxCapacity {
            if Self.statusColumns.contains(column) {
                if let row = statusRow, cached[column.appending(row)] != nil { oids.append(column.appending(row)) }
            } else {
                oids += cached.subtree(column).map(\.oid)
            }
        }
        let rows = alertColumns.map { cached.column($0).count }.max() ?? 0
        async let alerts = Self.capture { () async throws(SNMPError) in
            try await self.alertRows(alertColumns, rows: rows, from: target)
        }
        let fresh = try await client.get(oids, from: target)
        let alertBindings = try await alerts.get()
        for (oid, value) in fresh {
            if let known = memory.identity[oid] {
                guard known == value || (known.isException && value.isException) else { return nil }
            } else if value.isException {
                return nil
            }
            if oid.isInSubtree(of: StandardOIDs.prtMarkerSuppliesLevel), let old = cached[oid]?.integerValue,
               let new = value.integerValue, Self.levelRose(from: old, to: new) {
                return nil
            }
        }
        var view = cached
        for column in alertColumns { view.remove(subtree: column) }
        for (oid, value) in fresh { view.set(oid, value) }
        for binding in alertBindings { view.set(binding.oid, binding.value) }
        view.sort()
        return view
    }

    /// The alert table now: the columns walked together (v2c: GetBulk with max-repetitions one more
    /// than the rows last seen, so one message usually ends every column; v1: GetNext). With no rows
    /// last time only the first column is asked first: its one binding past the end (often a long
    /// vendor string) comes back once instead of once per column, and the rest is walked only when
    /// something of the table showed up. Over v2c the other columns count only at the first
    /// column's rows when it has any, as a full read keeps them.
    func alertRows(_ columns: [OID], rows: Int, from target: SNMPTarget) async throws(SNMPError) -> [SNMPVarBind] {
        guard let lead = columns.first else { return [] }
        var overshoot: [OID: [SNMPVarBind]] = [:]
        var repetitions = rows + 1
        if rows == 0 {
            let probe = try await walkTogether([lead], from: target, firstRepetitions: 1, overshoot: &overshoot)
            let found = probe.first?.1.count ?? 0
            let entry = OID(Array(lead.components.dropLast()))
            let after = overshoot[lead]?.first
            guard found > 0 || (after.map { !$0.value.isException && $0.oid.isInSubtree(of: entry) } ?? false) else { return [] }
            repetitions = found + 1
            overshoot = [:]
        }
        let walked = try await walkTogether(columns, from: target, firstRepetitions: repetitions, overshoot: &overshoot)
        let leadRows = Set(walked.first { $0.0 == lead }?.1.compactMap { $0.oid.suffix(after: lead) } ?? [])
        var result: [SNMPVarBind] = []
        for (column, bindings) in walked {
            for binding in bindings {
                if target.version == .v2c, column != lead, !leadRows.isEmpty,
                   let row = binding.oid.suffix(after: column), !leadRows.contains(row) { continue }
                result.append(binding)
            }
        }
        return result
    }

    /// Whether a supply level went up (a new cartridge): between two levels, a rise; a change to or
    /// from a special value (-1 other, -2 unknown, -3 some remaining) counts too.
    static func levelRose(from old: Int64, to new: Int64) -> Bool {
        old >= 0 && new >= 0 ? new > old : old != new
    }

    /// An async typed-throwing body as a Result (what `async let` can carry without losing the type).
    static func capture<T: Sendable>(_ body: () async throws(SNMPError) -> T) async -> Result<T, SNMPError> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }
}

import FleetCore

extension Poller {
    /// Per table entry: whether its first wanted column is completely known (so its rows are).
    static func leadColumnsComplete(_ coverage: BulkCoverage) -> [OID: Bool] {
        let gaps = coverage.gaps { _ in nil }
        var result: [OID: Bool] = [:]
        for run in coverage.runs {
            let lead = coverage.runs.filter { $0.entry == run.entry }.map(\.first).min() ?? run.first
            let leadEnd = run.entry.appending(lead + 1)
            result[run.entry] = !gaps.contains { $0.run.entry == run.entry && $0.after < leadEnd }
        }
        return result
    }

    /// The table entries whose first wanted column is complete and has rows: those rows are the
    /// table's, so no other column needs a binding past its end to show more.
    static func rowsTrusted(_ coverage: BulkCoverage, leads: [OID: Bool], view: MIBView) -> Set<OID> {
        var lead: [OID: UInt32] = [:]
        for run in coverage.runs { lead[run.entry] = min(lead[run.entry] ?? run.first, run.first) }
        return Set(lead.filter { leads[$0.key] == true && !view.column($0.key.appending($0.value)).isEmpty }.keys)
    }

    /// The row indices seen in any wanted column of `entry`, in order.
    static func rows(of entry: OID, in coverage: BulkCoverage, view: MIBView) -> [[UInt32]] {
        var rows = Set<[UInt32]>()
        for run in coverage.runs where run.entry == entry {
            for column in run.first...run.last { rows.formUnion(view.column(entry.appending(column)).map(\.index)) }
        }
        return rows.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Whether the reading needs the driver's device-ID objects: for the manufacturer of a device
    /// no vendor driver knows, or for a model no earlier object gives (`DeviceIdentity.model`).
    /// Nil while that cannot be told yet.
    static func needsDeviceID(_ view: MIBView, driver: Driver, gaps: [BulkCoverage.Gap], resolved: Set<OID>) -> Bool? {
        if driver.vendor == nil { return true }
        if view[StandardOIDs.prtGeneralPrinterName]?.bytes.flatMap(TextRepair.clean) != nil { return false }
        let typeGaps = gaps.filter { $0.run.entry == hrDeviceEntry && $0.run.first <= 2 && 2 <= $0.run.last }
        if let row = Discoverer.printerRow(view),
           view[StandardOIDs.hrDeviceDescr.appending(row)]?.bytes.flatMap(TextRepair.clean) != nil,
           !typeGaps.contains(where: { $0.after < StandardOIDs.hrDeviceType.appending(row) }) {
            return false
        }
        if !resolved.contains(StandardOIDs.prtGeneralPrinterName) { return nil }
        if typeGaps.contains(where: { $0.after < StandardOIDs.hrDeviceType.appending(UInt32.max) }) { return nil }
        return true
    }

    /// How many bindings a run whose first column is still going is worth asking for: at least what
    /// its rows seen so far promise in its other columns (no overshoot possible), else twice what it gave.
    static func guess(_ run: BulkCoverage.Run, _ view: MIBView) -> Int {
        let counts = (run.first...run.last).map { view.column(run.entry.appending($0)).count }
        let got = counts.reduce(0, +)
        return max(4, counts.count * (counts.first ?? 0) - got, 2 * got)
    }

    static let hrDeviceEntry: OID = "1.3.6.1.2.1.25.3.2.1"
}

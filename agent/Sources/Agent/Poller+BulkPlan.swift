import FleetCore

extension Poller {
    /// A table's lead column: its first wanted column that is not known to be empty. Recorded and
    /// real agents often lack the first columns (prtMarkerSuppliesClass on most printers here):
    /// the rows are those of the first column that has any. RFC 3805 makes a supply's class and type
    /// mandatory, so a lead column that skips rows another column has would be an agent's fault.
    static func leadColumn(of entry: OID, _ coverage: BulkCoverage, gaps: [BulkCoverage.Gap], view: MIBView) -> UInt32? {
        let columns = coverage.runs.filter { $0.entry == entry }.flatMap { Array($0.first...$0.last) }.sorted()
        return columns.first { column in
            let start = entry.appending(column), end = entry.appending(column + 1)
            let open = gaps.contains { $0.run.entry == entry && $0.after < end && $0.upTo > start }
            return open || !view.column(start).isEmpty
        } ?? columns.last
    }

    /// Per table entry: whether its lead column is completely known (so its rows are), and whether
    /// those rows can be trusted — the lead is complete and has rows, so no other column needs a
    /// binding past its end to show more.
    static func leads(_ coverage: BulkCoverage, view: MIBView) -> (complete: [OID: Bool], trusted: Set<OID>) {
        let gaps = coverage.gaps { _ in nil }
        var complete: [OID: Bool] = [:]
        var trusted = Set<OID>()
        for entry in Set(coverage.runs.map(\.entry)) {
            guard let lead = leadColumn(of: entry, coverage, gaps: gaps, view: view) else { continue }
            let leadEnd = entry.appending(lead + 1)
            let known = !gaps.contains { $0.run.entry == entry && $0.after < leadEnd }
            complete[entry] = known
            if known && !view.column(entry.appending(lead)).isEmpty { trusted.insert(entry) }
        }
        return (complete, trusted)
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

    /// How many bindings a run whose lead column is still going is worth asking for: at least what
    /// its rows seen so far promise in its other columns (no overshoot possible), else twice what it gave.
    /// Rows seen in a column no longer wanted count too (a table's rows are the same in each).
    static func guess(_ run: BulkCoverage.Run, _ view: MIBView) -> Int {
        let counts = (run.first...run.last).map { view.column(run.entry.appending($0)).count }
        let got = counts.reduce(0, +)
        let indices = Set(view.subtree(run.entry).compactMap { $0.oid.suffix(after: run.entry)?.dropFirst() })
        var rows = indices.count
        if run.entry == StandardOIDs.prtMarkerSuppliesEntry, let probe = suppliesProbe.suffix(after: run.entry)?.dropFirst(),
           let last = probe.last, indices.contains(Array(probe.dropLast()) + [last + 1]) {
            // The supply right after the probe's (1.9 after 1.8) suggests supplies numbered 1…N
            // densely: at least nine rows. A jump (1.13) proves only one more row than seen.
            rows = max(rows, Int(last) + 1)
        }
        let known = counts.count * max(counts.first ?? 0, rows) - got
        // A lone column's overshoot lands in a column nobody reads: ask as many again, not twice.
        return run.first == run.last ? max(2, known, got) : max(4, known, 2 * got)
    }

    static let hrDeviceEntry: OID = "1.3.6.1.2.1.25.3.2.1"
}

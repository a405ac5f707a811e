import FleetCore
import SNMP

extension Poller {
    /// A reading uses one hrDeviceTable row: the first typed printer (`DeviceIdentity` takes its
    /// description as the model and its status). Once that row is seen, with every row before it,
    /// the rest of the type column and every other hrDevice column but that row are marked known,
    /// so no cursor asks for them (a copier listing 14 devices — scanner, disk, fax, finisher —
    /// otherwise costs a kilobyte of descriptions nobody reads). Whether it narrowed the table.
    static func narrowDeviceRows(_ coverage: inout BulkCoverage, view: MIBView) -> Bool {
        let types = view.column(StandardOIDs.hrDeviceType)
        guard let printer = types.firstIndex(where: { $0.value == .objectIdentifier(StandardOIDs.hrDevicePrinter) })
        else { return false }
        let row = types[printer].index
        let typeRow = StandardOIDs.hrDeviceType.appending(row)
        // The row must be the first printer row: nothing unknown may lie before it in the type column.
        let early = coverage.gaps { _ in nil }.contains {
            $0.run.entry == hrDeviceEntry && $0.after < typeRow && $0.upTo > StandardOIDs.hrDeviceType
        }
        guard !early else { return false }
        let previous = printer > 0 ? types[printer - 1].index : nil
        coverage.assumeEmpty(after: typeRow, upTo: hrDeviceEntry.appending(3))
        let columns = coverage.runs.filter { $0.entry == hrDeviceEntry }.flatMap { Array($0.first...$0.last) }
        for column in columns where column > 2 {
            let base = hrDeviceEntry.appending(column)
            if let previous { coverage.assumeEmpty(after: base, upTo: base.appending(previous)) }
            coverage.assumeEmpty(after: base.appending(row), upTo: hrDeviceEntry.appending(column + 1))
        }
        return true
    }

    /// prtMarkerSuppliesColorantIndex only points into prtMarkerColorantTable: once that table is
    /// known to be absent, the column is no longer read (on a JetDirect with 15 supplies, 12
    /// bindings). Whether it stopped wanting it.
    static func dropColorantIndex(_ coverage: inout BulkCoverage, view: MIBView) -> Bool {
        let colorants = coverage.runs.filter { $0.entry == colorantEntry }
        guard !colorants.isEmpty, !view.has(colorantEntry),
              !coverage.gaps(rows: { _ in nil }).contains(where: { $0.run.entry == colorantEntry }) else { return false }
        coverage.remove(StandardOIDs.prtMarkerSuppliesColorantIndex)
        return true
    }

    static let colorantEntry: OID = "1.3.6.1.2.1.43.12.1.1"

    /// The scalars an earlier answer already settles: a cursor's stretch covers them, so the view
    /// of every binding returned (`seen`) holds the value, or the object does not exist. An
    /// object a GetNext overshoot happened to return (a vendor counter after an absent table)
    /// is not asked again.
    static func settled(_ scalars: [OID], coverage: BulkCoverage, seen: [OID: SNMPValue]) -> [OID: SNMPValue?] {
        var result: [OID: SNMPValue?] = [:]
        for scalar in scalars where coverage.covers(scalar) { result[scalar] = .some(seen[scalar]) }
        return result
    }

    /// The scalars to ask this round and those to keep for the next: of several objects under one
    /// enterprise (a vendor's serial, firmware and counters), only the first is asked at once. The
    /// GetNext answering it also shows what lies after it, so on a device without that vendor's
    /// MIB (a JetDirect card that never answers the printer's own objects) one binding settles
    /// them all; where they exist, the rest go with the next round's requests.
    /// `probed` holds the enterprises already sampled: their objects are all asked.
    static func sentinels(_ scalars: [OID], probed: inout Set<OID>) -> (now: [OID], later: [OID]) {
        func vendor(_ scalar: OID) -> OID? {
            scalar.isInSubtree(of: enterprises) && scalar.components.count > 7 ? OID(Array(scalar.components.prefix(7))) : nil
        }
        var first: [OID: OID] = [:]
        for scalar in scalars {
            guard let vendor = vendor(scalar), !probed.contains(vendor) else { continue }
            if let lowest = first[vendor], lowest < scalar { continue }
            first[vendor] = scalar
        }
        probed.formUnion(first.keys)
        var now: [OID] = []
        var later: [OID] = []
        for scalar in scalars {
            if let vendor = vendor(scalar), let lowest = first[vendor], lowest != scalar { later.append(scalar) } else { now.append(scalar) }
        }
        return (now, later)
    }

    static let enterprises: OID = "1.3.6.1.4.1"
}

import FleetCore
import Foundation
import SNMP

/// Reads one device fully: identifies it (sysObjectID, sysDescr), picks its driver, fetches what
/// the driver's plan names in one concurrent `fetch`, and builds the reading from that view.
public struct Poller: Sendable {
    public let client: SNMPClient
    public let drivers: DriverSet

    public init(client: SNMPClient, drivers: DriverSet = .builtin) {
        self.client = client
        self.drivers = drivers
    }

    /// One reading of `target`; throws the client's error (e.g. `.timeout` when nothing answers).
    public func read(_ target: SNMPTarget, collectedAt: Date = Date()) async throws(SNMPError) -> Reading {
        // Identity first: the driver (and so the plan) depends on it.
        let identity = try await client.get([StandardOIDs.sysObjectID, StandardOIDs.sysDescr], from: target)
        let first = MIBView(identity.map { ($0.oid, $0.value) })
        var sysObjectID: String?
        if case .objectIdentifier(let oid)? = first[StandardOIDs.sysObjectID] { sysObjectID = oid.description }
        let driver = drivers.driver(forSysObjectID: sysObjectID, description: Poller.sysDescr(first))
        let plan = drivers.plan(for: driver)
        // Both identity objects are already known: do not ask for them twice.
        let scalars = plan.scalars.filter { $0 != StandardOIDs.sysObjectID && $0 != StandardOIDs.sysDescr }
        var view = target.version == .v2c
            ? try await fetchByRows(subtrees: plan.subtrees, scalars: scalars, from: target)
            : try await client.fetch(subtrees: plan.subtrees, scalars: scalars, from: target)
        for binding in identity { view.set(binding.oid, binding.value) }
        view.sort()
        return ReadingBuilder.build(view: view, driver: driver, address: target.host, collectedAt: collectedAt)
    }

    /// sysDescr.0 as text (what driver selection matches against), NULs and edges trimmed.
    public static func sysDescr(_ view: MIBView) -> String? {
        guard let bytes = view[StandardOIDs.sysDescr]?.bytes else { return nil }
        let text = String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// GetBulk max-repetitions for the one walked column of a table: most printer tables have a
    /// handful of rows, and every repetition past the table's end is a wasted binding.
    static let leadRepetitions = 8

    /// A v2c fetch that walks only ONE column per table and GETs the other columns at the row
    /// indexes it found. Walking each column with GetBulk overshoots every column's end by up to
    /// max-repetitions bindings of the next column — most of a naive reading's bytes (measured:
    /// 15.3 KB → about half for a colour MFP). Subtrees alone under their parent are walked as before.
    func fetchByRows(subtrees: [OID], scalars: [OID], from target: SNMPTarget) async throws(SNMPError) -> MIBView {
        var groups: [OID: [OID]] = [:]
        for subtree in subtrees where subtree.components.count > 1 {
            groups[OID(Array(subtree.components.dropLast())), default: []].append(subtree)
        }
        let tables = groups.values.filter { $0.count > 1 }.map { $0.sorted() }
        let followers = Set(tables.flatMap { $0.dropFirst() })
        let walked = subtrees.filter { !followers.contains($0) }
        var repetitions: [OID: Int] = [:]
        for table in tables { repetitions[table[0]] = Self.leadRepetitions }
        var view = try await client.fetch(subtrees: walked, scalars: scalars, from: target, maxRepetitions: repetitions)
        var instances: [OID] = []
        var unled: [OID] = []
        for table in tables {
            let rows = view.column(table[0]).map(\.index)
            // A lead column the device leaves out (jetdirect_m130nw has no prtInputType) tells nothing
            // about the rows: walk the other columns after all.
            if rows.isEmpty { unled += table.dropFirst() }
            for column in table.dropFirst() { instances += rows.map { column.appending($0) } }
        }
        if !unled.isEmpty {
            // Most often the whole table is absent (no recording has a prtAlertTable): one GetNext
            // on each such table's entry tells, before anything is walked.
            let entries = Array(Set(unled.map { OID(Array($0.components.dropLast())) }))
            let next = try await client.getNext(entries, from: target)
            let present = Set(zip(entries, next).filter { $0.1.oid.isInSubtree(of: $0.0) }.map(\.0))
            unled = unled.filter { present.contains(OID(Array($0.components.dropLast()))) }
            for column in unled { repetitions[column] = Self.leadRepetitions }
        }
        guard !instances.isEmpty || !unled.isEmpty else { return view }
        let rest = try await client.fetch(subtrees: unled, scalars: instances, from: target, maxRepetitions: repetitions)
        for entry in rest.subtree(OID([1])) { view.set(entry.oid, entry.value) }
        view.sort()
        return view
    }
}

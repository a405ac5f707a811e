import FleetCore
import SNMP

extension Discoverer {
    /// The identity objects of a printer found by discovery (`PrinterDetection.identityPlan`), in as
    /// few datagrams as DeviceIdentity's rules allow; the result is what reading the whole plan gives.
    ///
    /// * The plan's columns (hrDeviceType/Descr, ifType/PhysAddress/OperStatus) are walked row by row
    ///   **together**, one GetNext per row for all of them, and a table stops as soon as the rows
    ///   seen decide what `DeviceIdentity` takes from it: the first hrDevice row typed printer (its
    ///   descr is the model), and the first interface that is Ethernet, up and has a MAC address (the
    ///   preferred MAC). Rows are walked in index order, so no later row could change either choice.
    /// * The scalars ride in the first GetNext as their parent OIDs: the next object after `X`
    ///   minus its last arc is `X` when `X` exists, and something after `X` proves it absent (no
    ///   v1 noSuchName round trips). Only when an object lies in between is `X` asked with a Get.
    func identity(of target: SNMPTarget, scalars: [OID], columns: [OID]) async -> MIBView? {
        await identity(of: target, scalars: scalars, cursors: columns.map { ($0, $0) }, known: MIBView())
    }

    /// The same, continuing from what is `known` already (a broadcast answer): each column's walk
    /// starts at its cursor, and nothing is asked when `known` already decides everything.
    func identity(of target: SNMPTarget, scalars: [OID], cursors start: [(column: OID, at: OID)],
                  known: MIBView) async -> MIBView? {
        var view = known
        var cursors = start
        var pendingScalars = scalars.filter { $0.components.count > 1 }
        var unresolved = scalars.filter { $0.components.count <= 1 }
        var first = true
        // Bounded: a table of more rows than this is cut, as a walk's loop check would not be.
        for _ in 0..<512 {
            view.sort()
            if Self.decided(view, table: Self.hrColumns, cursors: cursors, by: Self.printerRow) {
                cursors.removeAll { Self.hrColumns.contains($0.column) }
            }
            if Self.decided(view, table: Self.interfaceColumns, cursors: cursors, by: Self.preferredInterface) {
                cursors.removeAll { Self.interfaceColumns.contains($0.column) }
            }
            let parents = first ? pendingScalars.map { OID(Array($0.components.dropLast())) } : []
            if cursors.isEmpty && parents.isEmpty { break }
            guard let page = try? await client.getNext(cursors.map(\.at) + parents, from: target),
                  page.count == cursors.count + parents.count else { return first && known.count == 0 ? nil : view.sorted() }
            var next: [(column: OID, at: OID)] = []
            for (cursor, bind) in zip(cursors, page) {
                guard !bind.value.isException, bind.oid.isInSubtree(of: cursor.column), bind.oid > cursor.at else { continue }
                view.set(bind.oid, bind.value)
                next.append((cursor.column, bind.oid))
            }
            if first {
                for (wanted, bind) in zip(pendingScalars, page.dropFirst(cursors.count)) {
                    if bind.oid == wanted {
                        view.set(wanted, bind.value)
                    } else if bind.oid < wanted && !bind.value.isException {
                        unresolved.append(wanted)   // something lies between the parent and the object
                    }
                }
                pendingScalars = []
                first = false
            }
            cursors = next
        }
        if !unresolved.isEmpty, let values = try? await client.get(unresolved, from: target) {
            for (oid, value) in values { view.set(oid, value) }
        }
        return view.sorted()
    }

    static let hrColumns: [OID] = [StandardOIDs.hrDeviceType, StandardOIDs.hrDeviceDescr]
    static let interfaceColumns: [OID] = [StandardOIDs.ifType, StandardOIDs.ifPhysAddress, StandardOIDs.ifOperStatus]

    /// The first hrDevice row typed printer.
    static func printerRow(_ view: MIBView) -> [UInt32]? {
        view.column(StandardOIDs.hrDeviceType).first { $0.value == .objectIdentifier(StandardOIDs.hrDevicePrinter) }?.index
    }

    /// The first interface `DeviceIdentity.macAddress` prefers above all: Ethernet, up, a 6-byte non-zero address.
    static func preferredInterface(_ view: MIBView) -> [UInt32]? {
        view.column(StandardOIDs.ifPhysAddress).first { row in
            guard let bytes = row.value.bytes, bytes.count == 6, bytes.contains(where: { $0 != 0 }) else { return false }
            return view[StandardOIDs.ifType.appending(row.index)]?.integerValue == 6
                && view[StandardOIDs.ifOperStatus.appending(row.index)]?.integerValue == 1
        }?.index
    }

    /// Whether `choose` found its row and every column of `table` still walking has reached it
    /// (so every row up to it is complete: nothing later can come before it).
    static func decided(_ view: MIBView, table: [OID], cursors: [(column: OID, at: OID)],
                        by choose: (MIBView) -> [UInt32]?) -> Bool {
        guard let row = choose(view) else { return false }
        return cursors.allSatisfy { cursor in
            guard table.contains(cursor.column), let index = cursor.at.suffix(after: cursor.column) else { return true }
            return !index.lexicographicallyPrecedes(row)
        }
    }
}

extension MIBView {
    fileprivate func sorted() -> MIBView {
        var copy = self
        copy.sort()
        return copy
    }
}

/// What one broadcast answer settled about a host's identity.
public struct ProbedIdentity: Sendable {
    /// Scalars the answer proved present (they are in the view) or absent (the next object lies beyond).
    public var settled: Set<OID>
    /// Where each identity column's walk continues; a column the answer left (or never entered) is done.
    public var cursors: [(column: OID, at: OID)]

    /// Reads an answer to GetNext(parents of `scalars` + `columns`), bindings in request order.
    static func read(_ bindings: [SNMPVarBind], scalars: [OID], columns: [OID]) -> (view: MIBView, probed: ProbedIdentity) {
        var view = MIBView()
        var settled = Set<OID>()
        var cursors: [(column: OID, at: OID)] = []
        for (wanted, bind) in zip(scalars, bindings) where !bind.value.isException {
            view.set(bind.oid, bind.value)
            if bind.oid >= wanted { settled.insert(wanted) }
        }
        for (column, bind) in zip(columns, bindings.dropFirst(scalars.count)) where !bind.value.isException {
            view.set(bind.oid, bind.value)
            if bind.oid.isInSubtree(of: column) { cursors.append((column, bind.oid)) }
        }
        view.sort()
        return (view, ProbedIdentity(settled: settled, cursors: cursors))
    }
}

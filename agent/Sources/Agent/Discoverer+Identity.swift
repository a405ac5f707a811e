import FleetCore
import SNMP

extension Discoverer {
    /// The identity objects of a printer found by discovery (`PrinterDetection.identityPlan`), in as
    /// few datagrams as DeviceIdentity's rules allow; the result is what reading the whole plan gives.
    ///
    /// * The plan's columns (hrDeviceType/Descr, ifType/PhysAddress/OperStatus) are walked row by row
    ///   together, one GetNext per row, and a table stops as soon as the rows seen decide what
    ///   `DeviceIdentity` takes from it: the first hrDevice row typed printer (its descr is the
    ///   model), and the first interface that is Ethernet, up and has a MAC address (the preferred
    ///   MAC). Rows are walked in index order, so no later row could change either choice. Once a
    ///   fallback MAC is known, only ifType walks on (two rows ahead) and the address and status
    ///   columns wait for an Ethernet row (`interfaceWalk`).
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
            if Self.decided(view, table: PrinterDetection.interfaceColumns, cursors: cursors, by: Self.preferredInterface) {
                cursors.removeAll { PrinterDetection.interfaceColumns.contains($0.column) }
            }
            let walk = Self.interfaceWalk(cursors, view: view)
            let parents = first ? pendingScalars.map { OID(Array($0.components.dropLast())) } : []
            if walk.ask.isEmpty && parents.isEmpty { break }
            guard let page = try? await client.getNext(walk.ask.map(\.at) + parents, from: target),
                  page.count == walk.ask.count + parents.count else { return first && known.count == 0 ? nil : view.sorted() }
            // Parked cursors wait where they are; asked ones move on or, having left their column, end.
            var next = walk.keep.filter { kept in !walk.ask.contains { $0.column == kept.column } }
            for (cursor, bind) in zip(walk.ask, page) {
                guard !bind.value.isException, bind.oid.isInSubtree(of: cursor.column), bind.oid > cursor.at else { continue }
                view.set(bind.oid, bind.value)
                next.append((cursor.column, bind.oid))
            }
            if first {
                for (wanted, bind) in zip(pendingScalars, page.dropFirst(walk.ask.count)) {
                    if bind.oid == wanted {
                        view.set(wanted, bind.value)
                    } else if bind.oid < wanted && !bind.value.isException {
                        unresolved.append(wanted)   // something lies between the parent and the object
                    }
                }
                pendingScalars = []
                first = false
            }
            // Read-ahead bindings of one column: its walk continues from the furthest.
            cursors = []
            for cursor in next {
                if let same = cursors.firstIndex(where: { $0.column == cursor.column }) {
                    if cursor.at > cursors[same].at { cursors[same] = cursor }
                } else {
                    cursors.append(cursor)
                }
            }
        }
        if !unresolved.isEmpty, let values = try? await client.get(unresolved, from: target) {
            for (oid, value) in values { view.set(oid, value) }
        }
        return view.sorted()
    }

    static let hrColumns: [OID] = [StandardOIDs.hrDeviceType, StandardOIDs.hrDeviceDescr]

    /// The first hrDevice row typed printer.
    static func printerRow(_ view: MIBView) -> [UInt32]? {
        view.column(StandardOIDs.hrDeviceType).first { $0.value == .objectIdentifier(StandardOIDs.hrDevicePrinter) }?.index
    }

    /// The first interface `DeviceIdentity.macAddress` prefers above all: Ethernet, up, a 6-byte non-zero address.
    static func preferredInterface(_ view: MIBView) -> [UInt32]? {
        view.column(StandardOIDs.ifPhysAddress).first { row in
            guard let bytes = row.value.bytes, bytes.count == 6, bytes.contains(where: { $0 != 0 }) else { return false }
            return DeviceIdentity.isEthernet(view[StandardOIDs.ifType.appending(row.index)]?.integerValue)
                && view[StandardOIDs.ifOperStatus.appending(row.index)]?.integerValue == 1
        }?.index
    }

    /// Which cursors the next GetNext carries (`ask`) and which stay (`keep`, a superset). Once the
    /// view holds a fallback MAC (a row with a 6-byte non-zero address, lower than any row still
    /// unseen), a later interface can change `DeviceIdentity.macAddress` only by being Ethernet
    /// (`DeviceIdentity.isEthernet`): ifType walks on alone, and ifPhysAddress/ifOperStatus are parked until that walk
    /// finds an Ethernet row they have not reached (then they walk up to it). Parked cursors end
    /// with the ifType walk. A printer whose first interface is not Ethernet (a loopback first, as
    /// on JetDirect cards) so pays one binding per row, not three.
    static func interfaceWalk(_ cursors: [(column: OID, at: OID)], view: MIBView)
        -> (ask: [(column: OID, at: OID)], keep: [(column: OID, at: OID)]) {
        let hasFallback = view.column(StandardOIDs.ifPhysAddress).contains { row in
            guard let bytes = row.value.bytes else { return false }
            return bytes.count == 6 && bytes.contains { $0 != 0 }
        }
        guard hasFallback else { return (cursors, cursors) }
        let typeWalking = cursors.contains { $0.column == StandardOIDs.ifType }
        let ethernet = view.column(StandardOIDs.ifType).filter { DeviceIdentity.isEthernet($0.value.integerValue) }.map(\.index)
        var ask: [(column: OID, at: OID)] = []
        var keep: [(column: OID, at: OID)] = []
        for cursor in cursors {
            guard cursor.column == StandardOIDs.ifPhysAddress || cursor.column == StandardOIDs.ifOperStatus else {
                ask.append(cursor); keep.append(cursor); continue
            }
            let index = cursor.at.suffix(after: cursor.column) ?? []
            if ethernet.contains(where: { index.lexicographicallyPrecedes($0) }) {
                ask.append(cursor); keep.append(cursor)
            } else if typeWalking {
                keep.append(cursor)
            }
        }
        // ifType alone: read ahead two rows (GetNext of ifType.n+1 and .n+2 too). Every row between
        // n and the last one returned is still seen, whatever the indices; with the usual 1…N
        // numbering a four-port board takes two requests instead of four.
        if ask.count == 1, let type = ask.first, type.column == StandardOIDs.ifType,
           let index = type.at.suffix(after: type.column), index.count == 1, index[0] < UInt32.max - 2 {
            ask += [1, 2].map { (type.column, type.column.appending([index[0] + $0])) }
        }
        return (ask, keep)
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

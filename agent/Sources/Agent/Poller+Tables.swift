import FleetCore
import SNMP

extension Poller {
    /// GetBulk max-repetitions of `walkTogether`'s first round: most printer tables have a handful
    /// of rows, and every repetition past a column's end is a binding nobody needs (measured over the
    /// 15 recordings, v2c: 3 then doubling gave the fewest bytes — 8 fixed cost ~20 % more and
    /// needed up to 18 messages for jetdirect_m880's long tables).
    static let firstRepetitions = 3

    /// The largest GetBulk max-repetitions `walkTogether` grows to.
    static let maxRepetitions = 32

    /// A v2c reading in as few messages as possible: every walked column (the lead column of each
    /// table, and subtrees alone under their parent) in ONE GetBulk per round, then the scalars and
    /// the other columns at the rows found in ONE Get (the client splits it only on tooBig).
    /// Each lead column overshoots its end into the next column of its table: those bindings are
    /// instances the Get would ask for, so they are kept and not asked again.
    func fetchByBulk(subtrees: [OID], scalars: [OID], from target: SNMPTarget) async throws(SNMPError) -> MIBView {
        var groups: [OID: [OID]] = [:]
        for subtree in subtrees where subtree.components.count > 1 {
            groups[OID(Array(subtree.components.dropLast())), default: []].append(subtree)
        }
        let tables = groups.values.filter { $0.count > 1 }.map { $0.sorted() }
        let followers = Set(tables.flatMap { $0.dropFirst() })
        let walked = subtrees.filter { !followers.contains($0) }
        var view = MIBView()
        var seen: [OID: [SNMPVarBind]] = [:]
        for (_, binds) in try await walkTogether(walked, from: target, overshoot: &seen) {
            for bind in binds { view.set(bind.oid, bind.value) }
        }
        view.sort()
        var instances: [OID] = []
        var unled: [OID] = []
        for table in tables {
            let rows = view.column(table[0]).map(\.index)
            if rows.isEmpty {
                // The lead column is absent (jetdirect_m130nw has no prtInputType). What followed it
                // tells whether anything of the table's entry exists at all (most often not: no
                // recording has a prtAlertTable); if so, walk the other columns after all.
                let entry = OID(Array(table[0].components.dropLast()))
                if let first = seen[table[0]]?.first, !first.value.isException, first.oid.isInSubtree(of: entry) {
                    unled += table.dropFirst()
                }
            }
            for column in table.dropFirst() { instances += rows.map { column.appending($0) } }
        }
        if !unled.isEmpty {
            var ignored: [OID: [SNMPVarBind]] = [:]
            for (_, binds) in try await walkTogether(unled, from: target, overshoot: &ignored) {
                for bind in binds { view.set(bind.oid, bind.value) }
            }
        }
        // Instances already carried by a lead column's overshoot are not asked again.
        var known: [OID: SNMPValue] = [:]
        for binds in seen.values { for bind in binds where !bind.value.isException { known[bind.oid] = bind.value } }
        var asked: [OID] = []
        for oid in instances {
            if let value = known[oid] { view.set(oid, value) } else { asked.append(oid) }
        }
        for binding in try await client.get(scalars + asked, from: target) { view.set(binding.oid, binding.value) }
        view.sort()
        return view
    }

    /// Walks `prefixes` together: one GetBulk (non-repeaters 0) per round naming every column still
    /// inside its subtree, from the last OID it returned (max-repetitions `firstRepetitions`, then
    /// doubling each round, up to `maxRepetitions`); over v1 one GetNext per round instead. Each
    /// column stops as `walk` does: at an exception, outside its subtree, or at an OID not
    /// increasing. `overshoot` receives, per prefix, the bindings returned after its end (in order)
    /// in the round it ended.
    func walkTogether(_ prefixes: [OID], from target: SNMPTarget, firstRepetitions: Int = Poller.firstRepetitions,
                      overshoot: inout [OID: [SNMPVarBind]]) async throws(SNMPError) -> [(OID, [SNMPVarBind])] {
        var results: [OID: [SNMPVarBind]] = [:]
        var active: [(prefix: OID, current: OID)] = prefixes.map { ($0, $0) }
        // A column still going after a round is a long one: ask for twice as many rows next time.
        var repetitions = max(1, firstRepetitions)
        while !active.isEmpty {
            let page = target.version == .v1
                ? try await client.getNext(active.map(\.current), from: target)
                : try await client.getBulk(active.map(\.current), nonRepeaters: 0, maxRepetitions: repetitions, from: target)
            repetitions = min(repetitions * 2, max(Self.maxRepetitions, repetitions))
            guard !page.isEmpty else { break }
            var next: [(prefix: OID, current: OID)] = []
            var anyProgress = false
            for (column, state) in active.enumerated() {
                var current = state.current
                var done = false
                var progressed = false
                var index = column
                while index < page.count {
                    let bind = SNMPVarBind(page[index].oid, page[index].value)
                    if done {
                        overshoot[state.prefix, default: []].append(bind)
                    } else if bind.value.isException || !bind.oid.isInSubtree(of: state.prefix) || !(bind.oid > current) {
                        done = true
                        overshoot[state.prefix, default: []].append(bind)
                    } else {
                        results[state.prefix, default: []].append(bind)
                        current = bind.oid
                        progressed = true
                    }
                    index += active.count
                }
                // An agent may answer a GetBulk with fewer bindings than asked (RFC 3416 4.2.3, to fit
                // its message size): a column that got none this round is asked again, not ended.
                if !done { next.append((state.prefix, current)) }
                anyProgress = anyProgress || progressed || done
            }
            guard anyProgress else { break }
            active = next
        }
        return prefixes.map { ($0, results[$0] ?? []) }
    }
}

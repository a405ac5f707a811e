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

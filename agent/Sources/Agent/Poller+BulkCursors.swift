import FleetCore

extension Poller {
    /// A cursor asking exactly a tail's predicted instances: reaching `last` proves the run ends
    /// there (`(last, end)` holds nothing), without a binding past the end.
    struct BulkClose: Equatable {
        let last: OID
        let end: OID
    }

    /// One GetBulk of a round: `singles` are non-repeaters (a GetNext each: a table probed with
    /// one binding), `starts` the repeating cursors with one max-repetitions.
    struct BulkRequest: Equatable {
        var singles: [OID] = []
        var starts: [OID] = []
        var repetitions = 1
        var closes: [OID: BulkClose] = [:]
    }

    /// A stretch to ask: from `start`, `length` bindings; `cuts` are its predicted instances (where
    /// it may be split into several cursors), nil for a guessed length.
    struct BulkSpan {
        let start: OID
        let length: Int
        let cuts: [OID]?
        let close: BulkClose?
    }

    /// Tables most often absent (prtMarkerColorantTable on monochrome printers, prtAlertTable on
    /// nearly all): probing an absent one returns whatever follows it (often a 200-byte vendor
    /// string), once per repetition. In the first round the first of them is probed with one
    /// binding and the later ones wait: its answer often shows them absent too.
    static let absentProne: [OID] = ["1.3.6.1.2.1.43.12.1.1", "1.3.6.1.2.1.43.18.1.1"]

    /// A colour copier lists 15 supplies, a mono printer two; the first round sees three rows.
    /// One more binding there, the GetNext after supply 1.8's type, tells the two apart (supply
    /// 1.9's type, or the next column: data the read needs either way), so the second round can
    /// read most of a long table at once instead of guessing twice what it saw (`guess`).
    static let suppliesProbe: OID = "1.3.6.1.2.1.43.11.1.1.5.1.8"

    /// Rough per-request cost in bytes: the request's and the answer's framing and headers.
    static let requestCost = 150
    /// At most this many bindings are asked in one GetBulk (max-repetitions × cursors): an answer
    /// of a KB or two (and snmpsim, like many agents, answers no more than 64).
    static let maxBindings = 64

    /// The GetBulks of one round for `gaps`. A table whose lead column is still unknown continues
    /// only its first gap, with a guessed length (`firstRepetitions` at first, then `guess`); one
    /// nothing is known of yet is probed with a single binding. The gaps of tables whose rows are
    /// known are asked exactly: split at predicted instances so each cursor asks just what its
    /// stretch holds, a tail without the binding past its end when the rows come from the table's
    /// lead column (`trusted`; otherwise a binding past the end shows rows the others did not). Spans are grouped by length into
    /// one or two GetBulks (a long column of supplies gets its own max-repetitions), whichever
    /// costs the fewest bytes.
    /// `repetitions`: the largest max-repetitions the version allows (1 for SNMPv1, whose GetNext is a
    /// GetBulk of non-repeaters only).
    static func requests(for gaps: [BulkCoverage.Gap], leadsKnown: [OID: Bool], trusted: Set<OID> = [],
                         firstRound: Bool, view: MIBView, repetitions: Int = maxBindings) -> [BulkRequest] {
        var spans: [BulkSpan] = []
        var singles: [OID] = []
        var started = Set<OID>()
        var deferring = false
        for gap in gaps {
            let entry = gap.run.entry
            if leadsKnown[entry] == true, let instances = gap.predicted {
                if instances.isEmpty || !trusted.contains(entry) {
                    let length = max(1, instances.count + (gap.isTail ? 1 : 0))
                    spans.append(BulkSpan(start: gap.after, length: length, cuts: instances, close: nil))
                } else {
                    let close = gap.isTail ? BulkClose(last: instances[instances.count - 1], end: gap.run.end) : nil
                    spans.append(BulkSpan(start: gap.after, length: instances.count, cuts: instances, close: close))
                }
                continue
            }
            guard started.insert(entry).inserted else { continue }
            if firstRound, absentProne.contains(entry) {
                if !deferring { singles.append(gap.after) }
                deferring = true
            } else if firstRound {
                spans.append(BulkSpan(start: gap.after, length: Poller.firstRepetitions, cuts: nil, close: nil))
            } else if gap.after == gap.run.start && !view.has(entry) {
                singles.append(gap.after)
            } else if repetitions == 1, let ahead = Self.rowsAhead(gap, view: view) {
                spans.append(BulkSpan(start: gap.after, length: ahead.count, cuts: ahead, close: nil))
            } else {
                spans.append(BulkSpan(start: gap.after, length: guess(gap.run, view), cuts: nil, close: nil))
            }
        }
        if firstRound, gaps.contains(where: { $0.run.entry == StandardOIDs.prtMarkerSuppliesEntry }) { singles.append(suppliesProbe) }
        var requests = group(spans, repetitions: repetitions)
        if requests.isEmpty && !singles.isEmpty { requests = [BulkRequest()] }
        if !requests.isEmpty { requests[0].singles = singles + requests[0].singles }
        return requests
    }

    /// `spans` as one group of GetBulks, or two (the shorter spans and the longer, each with its
    /// own max-repetitions) when that costs less.
    static func group(_ spans: [BulkSpan], repetitions: Int = maxBindings) -> [BulkRequest] {
        guard !spans.isEmpty else { return [] }
        let sorted = spans.sorted { $0.length < $1.length }
        var best = (cost: Int.max, requests: [BulkRequest]())
        for split in 0..<sorted.count {
            let parts = [Array(sorted[..<split]), Array(sorted[split...])].filter { !$0.isEmpty }
            let planned = parts.map { plan($0, repetitions: repetitions) }
            let cost = planned.map(\.cost).reduce(0, +) + (parts.count - 1) * requestCost
            if cost < best.cost { best = (cost, planned.flatMap(\.requests)) }
        }
        return best.requests
    }

    /// SNMPv1 has no max-repetitions: a lead column still going would give one row per message. Its
    /// rows are nearly always numbered densely (supplies 1.1, 1.2, …), so one message asks the next
    /// rows at once, a GetNext from each of the row indices after the last one seen — where the
    /// numbering skips or the column ends, those GetNexts return a later row or the next column
    /// (known anyway, a binding wasted). As many rows as `guess` expects per column, at most 16.
    static func rowsAhead(_ gap: BulkCoverage.Gap, view: MIBView) -> [OID]? {
        let entry = gap.run.entry
        let arcs = gap.after.components
        guard arcs.count > entry.components.count + 1, gap.after.isInSubtree(of: entry), let last = arcs.last else { return nil }
        let columns = Int(gap.run.last - gap.run.first + 1)
        let count = min(16, max(1, guess(gap.run, view) / columns))
        guard last < UInt32.max - UInt32(count) else { return nil }
        return (1...count).map { OID(Array(arcs.dropLast()) + [last + UInt32($0)]) }
    }
}

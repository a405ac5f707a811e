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

    /// Rough per-request cost in bytes: the request's and the answer's framing and headers.
    static let requestCost = 150
    /// At most this many bindings are asked in one GetBulk (max-repetitions × cursors): an answer
    /// of a KB or two (and snmpsim, like many agents, answers no more than 64).
    static let maxBindings = 64

    /// The GetBulks of one round for `gaps`. A table whose first column is still unknown continues
    /// only its first gap, with a guessed length (`firstRepetitions` at first, then `guess`); one
    /// nothing is known of yet is probed with a single binding. The gaps of tables whose rows are
    /// known are asked exactly: split at predicted instances so each cursor asks just what its
    /// stretch holds, a tail without the binding past its end when the rows come from the table's
    /// first column (`trusted`; otherwise a binding past the end shows rows the others did not). Spans are grouped by length into
    /// one or two GetBulks (a long column of supplies gets its own max-repetitions), whichever
    /// costs the fewest bytes.
    static func requests(for gaps: [BulkCoverage.Gap], leadsKnown: [OID: Bool], trusted: Set<OID> = [],
                         firstRound: Bool, view: MIBView) -> [BulkRequest] {
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
            } else {
                spans.append(BulkSpan(start: gap.after, length: guess(gap.run, view), cuts: nil, close: nil))
            }
        }
        var requests = group(spans)
        if requests.isEmpty && !singles.isEmpty { requests = [BulkRequest()] }
        if !requests.isEmpty { requests[0].singles = singles }
        return requests
    }

    /// `spans` as one group of GetBulks, or two (the shorter spans and the longer, each with its
    /// own max-repetitions) when that costs less.
    static func group(_ spans: [BulkSpan]) -> [BulkRequest] {
        guard !spans.isEmpty else { return [] }
        let sorted = spans.sorted { $0.length < $1.length }
        var best = (cost: Int.max, requests: [BulkRequest]())
        for split in 0..<sorted.count {
            let parts = [Array(sorted[..<split]), Array(sorted[split...])].filter { !$0.isEmpty }
            let planned = parts.map(plan)
            let cost = planned.map(\.cost).reduce(0, +) + (parts.count - 1) * requestCost
            if cost < best.cost { best = (cost, planned.flatMap(\.requests)) }
        }
        return best.requests
    }

    /// GetBulks with one max-repetitions for `spans`: the one that wastes the fewest bytes (a
    /// cursor's OID in the request, a binding past a stretch, a little for a guessed stretch left
    /// for later, another request when the cursors ask more than `maxBindings` in all).
    static func plan(_ spans: [BulkSpan]) -> (cost: Int, requests: [BulkRequest]) {
        func chunks(_ span: BulkSpan, _ m: Int) -> Int { span.cuts == nil ? 1 : (span.length + m - 1) / m }
        func perRequest(_ m: Int) -> Int { max(1, maxBindings / m) }
        func cost(_ m: Int) -> Int {
            var total = 0
            var cursors = 0
            for span in spans {
                let count = chunks(span, m)
                cursors += count
                if span.cuts == nil {
                    total += 18 + max(0, m - span.length) * 20 + max(0, span.length - m) * 40
                } else {
                    total += count * 18 + (count * m - span.length) * 20
                }
            }
            return total + (cursors - 1) / perRequest(m) * requestCost
        }
        let m = (1...maxBindings).min { cost($0) < cost($1) } ?? 1
        var starts: [OID] = []
        var closes: [OID: BulkClose] = [:]
        for span in spans {
            starts.append(span.start)
            let cuts = span.cuts ?? []
            for k in stride(from: 1, to: chunks(span, m), by: 1) where k * m - 1 < cuts.count {
                starts.append(cuts[k * m - 1])
            }
            if let close = span.close { closes[starts[starts.count - 1]] = close }
        }
        let requests = stride(from: 0, to: starts.count, by: perRequest(m)).map { first in
            let mine = Array(starts[first..<min(first + perRequest(m), starts.count)])
            return BulkRequest(starts: mine, repetitions: m, closes: closes.filter { mine.contains($0.key) })
        }
        return (cost(m), requests)
    }
}

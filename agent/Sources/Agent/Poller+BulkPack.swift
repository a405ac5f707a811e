import FleetCore

extension Poller {
    /// At most this many non-repeaters in one GetBulk besides the scalars: an answer stays near one
    /// Ethernet frame with the repeaters' bindings.
    static let maxSingles = 32

    /// How one stretch is asked at a given max-repetitions: repeating cursors from `cursors`, and
    /// non-repeaters (one GetNext each, from the instance before the one wanted) from `singles`.
    struct SpanLayout {
        var cursors: [OID] = []
        var singles: [OID] = []
        var cost = 0
    }

    /// The cheapest layout of `span` at max-repetitions `m`, costing an OID in the request (18
    /// bytes) per cursor or non-repeater and 20 per binding asked past what the stretch holds. A
    /// stretch of known instances may be cut into full cursors of `m` with the remainder as
    /// non-repeaters (a short tail then asks nothing past its end), or asked all as non-repeaters.
    static func layout(_ span: BulkSpan, _ m: Int) -> SpanLayout {
        guard let cuts = span.cuts else {
            let cost = 18 + max(0, m - span.length) * 20 + max(0, span.length - m) * 40
            return SpanLayout(cursors: [span.start], cost: cost)
        }
        let positions = Array(([span.start] + cuts).prefix(span.length))
        let full = span.length / m
        let rest = span.length - full * m
        let rounded = SpanLayout(cursors: stride(from: 0, to: span.length, by: m).map { positions[$0] },
                                 cost: (full + (rest > 0 ? 1 : 0)) * 18 + (rest > 0 ? (m - rest) * 20 : 0))
        let tail = SpanLayout(cursors: stride(from: 0, to: full * m, by: m).map { positions[$0] },
                              singles: Array(positions[(full * m)...]), cost: (full + rest) * 18)
        let alone = SpanLayout(singles: positions, cost: span.length * 18)
        return [rounded, tail, alone].min { $0.cost < $1.cost } ?? alone
    }

    /// GetBulks with one max-repetitions for `spans`: the one that wastes the fewest bytes (see
    /// `layout`; a little for a guessed stretch left for later, another request when the cursors
    /// ask more than `maxBindings` in all or the non-repeaters exceed `maxSingles`).
    static func plan(_ spans: [BulkSpan], repetitions: Int = maxBindings) -> (cost: Int, requests: [BulkRequest]) {
        func perRequest(_ m: Int) -> Int { max(1, maxBindings / m) }
        func requestCount(_ cursors: Int, _ singles: Int, _ m: Int) -> Int {
            max((cursors + perRequest(m) - 1) / perRequest(m), (singles + maxSingles - 1) / maxSingles, 1)
        }
        func cost(_ m: Int) -> Int {
            let layouts = spans.map { layout($0, m) }
            let cursors = layouts.map(\.cursors.count).reduce(0, +), singles = layouts.map(\.singles.count).reduce(0, +)
            return layouts.map(\.cost).reduce(0, +) + (requestCount(cursors, singles, m) - 1) * requestCost
        }
        let m = (1...max(1, min(repetitions, maxBindings))).min { cost($0) < cost($1) } ?? 1
        var starts: [OID] = []
        var singles: [OID] = []
        var closes: [OID: BulkClose] = [:]
        for span in spans {
            let chosen = layout(span, m)
            starts += chosen.cursors
            singles += chosen.singles
            // The close belongs to whatever asks the last instance: a trailing non-repeater, else the last cursor.
            if let close = span.close, let last = chosen.singles.last ?? chosen.cursors.last { closes[last] = close }
        }
        let count = requestCount(starts.count, singles.count, m)
        let requests = (0..<count).map { number in
            let mine = Array(starts.dropFirst(number * perRequest(m)).prefix(perRequest(m)))
            let ones = Array(singles.dropFirst(number * maxSingles).prefix(maxSingles))
            return BulkRequest(singles: ones, starts: mine, repetitions: mine.isEmpty ? 1 : m,
                               closes: closes.filter { mine.contains($0.key) || ones.contains($0.key) })
        }
        return (cost(m), requests)
    }
}

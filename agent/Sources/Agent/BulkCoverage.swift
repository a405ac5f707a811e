import FleetCore
import SNMP

/// What a v2c full read (`Poller.readByBulk`) knows of a device's MIB so far, as stretches of the
/// OID space: a GetNext/GetBulk cursor that started at `s` and returned `b1 < … < bk` proves that
/// nothing but those bindings lies in `(s, bk]`. The wanted columns are grouped into runs (columns
/// of one table entry with consecutive numbers, walked as one sequence); what is left to ask is
/// the gaps of every run not yet covered, with how many bindings each gap should hold once the
/// table's rows are known.
struct BulkCoverage {
    /// Columns `first…last` of `entry`: every instance lies strictly between `start` and `end`.
    struct Run: Sendable {
        let entry: OID
        let first: UInt32
        let last: UInt32
        var start: OID { entry.appending(first) }
        var end: OID { entry.appending(last + 1) }
        func contains(_ oid: OID) -> Bool { oid > start && oid < end }
    }

    /// A stretch still unknown: `(after, upTo]`, its run, and the instances the known rows predict
    /// in it (sorted; nil while the table's rows are unknown).
    struct Gap {
        let after: OID
        let upTo: OID
        let run: Run
        let predicted: [OID]?
        /// Whether the gap reaches the run's end: one binding past the end proves nothing follows.
        var isTail: Bool { upTo == run.end }
    }

    private(set) var runs: [Run] = []
    /// `(lo, hi]` known stretches; `hi == nil` is the end of the MIB.
    private var known: [(lo: OID, hi: OID?)] = []

    init(columns: [OID]) { add(columns) }

    /// Adds wanted columns (a column already wanted is ignored).
    mutating func add(_ columns: [OID]) {
        var byEntry: [OID: Set<UInt32>] = [:]
        for run in runs { for column in run.first...run.last { byEntry[run.entry, default: []].insert(column) } }
        for column in columns {
            guard let arc = column.components.last, column.components.count > 1 else { continue }
            byEntry[OID(Array(column.components.dropLast())), default: []].insert(arc)
        }
        runs = []
        for (entry, arcs) in byEntry.sorted(by: { $0.key < $1.key }) {
            var pending = arcs.sorted()[...]
            while let first = pending.first {
                var last = first
                pending = pending.dropFirst()
                while let next = pending.first, next == last + 1 { last = next; pending = pending.dropFirst() }
                runs.append(Run(entry: entry, first: first, last: last))
            }
        }
    }

    /// Stops wanting `column` (what is known of it stays known).
    mutating func remove(_ column: OID) {
        var columns: [OID] = []
        for run in runs { for arc in run.first...run.last { columns.append(run.entry.appending(arc)) } }
        runs = []
        add(columns.filter { $0 != column })
    }

    /// Records what a cursor starting at `start` returned; the bindings inside a run, to keep.
    /// Stops at endOfMibView (nothing follows), and at another exception (noSuchObject inside a
    /// GetBulk answer, which no agent should send) or an OID not increasing (a loop): then the rest
    /// of the run the cursor was in is given up, as a walk would — never more than that run.
    mutating func record(from start: OID, _ bindings: ArraySlice<SNMPVarBind>) -> [SNMPVarBind] {
        var previous = start
        var kept: [SNMPVarBind] = []
        for bind in bindings {
            if bind.value == .endOfMibView {
                known.append((previous, nil))
                break
            }
            guard !bind.value.isException, bind.oid > previous else {
                if let run = runs.first(where: { $0.contains(previous) || $0.start == previous }) { known.append((previous, run.end)) }
                break
            }
            known.append((previous, bind.oid))
            if runs.contains(where: { $0.contains(bind.oid) }) { kept.append(bind) }
            previous = bind.oid
        }
        return kept
    }

    /// The gaps of every run; `rows(run)` gives the row indices of the run's table when known.
    func gaps(rows: (Run) -> [[UInt32]]?) -> [Gap] {
        let stretches = known.sorted { $0.lo < $1.lo }
        var result: [Gap] = []
        for run in runs {
            var position = run.start
            var finished = false
            while !finished {
                // Extend through every stretch starting at or before the position.
                var extended = true
                while extended {
                    extended = false
                    for stretch in stretches where stretch.lo <= position {
                        guard let hi = stretch.hi else { finished = true; break }
                        if hi > position { position = hi; extended = true }
                    }
                    if finished { break }
                }
                if finished || position >= run.end { break }
                let upTo = stretches.first { $0.lo > position && $0.lo < run.end }?.lo ?? run.end
                let predicted = rows(run).map { indices in
                    (run.first...run.last).flatMap { column in indices.map { run.entry.appending(column).appending($0) } }
                        .filter { $0 > position && $0 <= upTo }.sorted()
                }
                result.append(Gap(after: position, upTo: upTo, run: run, predicted: predicted))
                position = upTo
            }
        }
        return result
    }

    /// Whether `oid` lies in a known stretch (nothing unknown about it remains).
    func covers(_ oid: OID) -> Bool {
        known.contains { $0.lo < oid && ($0.hi.map { oid <= $0 } ?? true) }
    }
}

extension BulkCoverage {
    /// Takes `(after, upTo]` as known to hold nothing: a run's tail after its last predicted
    /// instance, once that instance came back (`Poller.BulkClose`).
    mutating func assumeEmpty(after: OID, upTo: OID) {
        known.append((after, upTo))
    }
}

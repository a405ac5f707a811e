import FleetCore
import SNMP

/// What one broadcast answer settled about a host's identity.
public struct ProbedIdentity: Sendable {
    /// Per binding, where its GetNext started and the object it returned: nothing lies in between,
    /// so every object after `from` up to `to` is settled, present (`to`, in the view) or absent.
    public var spans: [(from: OID, to: OID)]
    /// Where each identity column's walk continues; a column the answer left (or never entered) is done.
    public var cursors: [(column: OID, at: OID)]

    /// Whether the answer proved `oid` present (it is in the view) or absent.
    public func settles(_ oid: OID) -> Bool {
        spans.contains { oid > $0.from && oid <= $0.to }
    }

    /// Reads an answer to GetNext(`starts` + `columns`), bindings in request order.
    static func read(_ bindings: [SNMPVarBind], starts: [OID], columns: [OID]) -> (view: MIBView, probed: ProbedIdentity) {
        var view = MIBView()
        var spans: [(from: OID, to: OID)] = []
        var cursors: [(column: OID, at: OID)] = []
        for (start, bind) in zip(starts + columns, bindings) where !bind.value.isException && bind.oid > start {
            view.set(bind.oid, bind.value)
            spans.append((start, bind.oid))
        }
        for (column, bind) in zip(columns, bindings.dropFirst(starts.count)) where !bind.value.isException {
            if bind.oid.isInSubtree(of: column) { cursors.append((column, bind.oid)) }
        }
        view.sort()
        return (view, ProbedIdentity(spans: spans, cursors: cursors))
    }
}

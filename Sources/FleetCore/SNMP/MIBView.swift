/// What an agent learned from one device: variable bindings by OID, kept in walk order, with the
/// lookups drivers need (one value, a subtree, a table column by row index). Readings are computed
/// from a view, never from the network, so the same logic runs on recorded data in tests.
public struct MIBView: Sendable {
    private var values: [OID: SNMPValue] = [:]
    private var sortedKeys: [OID] = []
    private var sorted = true

    public init() {}

    public init(_ bindings: [(OID, SNMPValue)]) {
        for (oid, value) in bindings { set(oid, value) }
    }

    public mutating func set(_ oid: OID, _ value: SNMPValue) {
        if values.updateValue(value, forKey: oid) == nil {
            if let last = sortedKeys.last, oid < last { sorted = false }
            sortedKeys.append(oid)
        }
    }

    public var count: Int { values.count }

    public subscript(oid: OID) -> SNMPValue? {
        guard let value = values[oid], !value.isException else { return nil }
        return value
    }

    /// Every binding under `prefix`, in OID order (exceptions left out).
    public func subtree(_ prefix: OID) -> [(oid: OID, value: SNMPValue)] {
        let keys = sorted ? sortedKeys : sortedKeys.sorted()
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < prefix { low = mid + 1 } else { high = mid }
        }
        var result: [(oid: OID, value: SNMPValue)] = []
        var index = low
        while index < keys.count, keys[index].isInSubtree(of: prefix) {
            if let value = values[keys[index]], !value.isException { result.append((keys[index], value)) }
            index += 1
        }
        return result
    }

    /// A table column as row index (the OID components after `column`) → value.
    public func column(_ column: OID) -> [(index: [UInt32], value: SNMPValue)] {
        subtree(column).compactMap { entry in entry.oid.suffix(after: column).map { ($0, entry.value) } }
    }

    /// Whether anything at all was recorded under `prefix`.
    public func has(_ prefix: OID) -> Bool { !subtree(prefix).isEmpty }

    /// Forgets every binding under `prefix` (a repeat poll drops a table's old rows before the new).
    public mutating func remove(subtree prefix: OID) {
        guard values.keys.contains(where: { $0.isInSubtree(of: prefix) }) else { return }
        sortedKeys.removeAll { $0.isInSubtree(of: prefix) }
        values = values.filter { !$0.key.isInSubtree(of: prefix) }
    }

    /// Puts the keys in order once, after a batch of out-of-order `set`s.
    public mutating func sort() {
        if !sorted { sortedKeys.sort(); sorted = true }
    }
}

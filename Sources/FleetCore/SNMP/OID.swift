/// An SNMP object identifier (X.690 OBJECT IDENTIFIER), compared component by component, which is
/// the lexicographic order SNMP walks follow.
public struct OID: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var components: [UInt32]

    public init(_ components: [UInt32]) { self.components = components }

    /// Parses dotted text (`1.3.6.1.2.1.1.1.0`, a leading dot allowed); nil for anything else.
    public init?(_ text: String) {
        var body = Substring(text)
        if body.hasPrefix(".") { body = body.dropFirst() }
        var parts: [UInt32] = []
        for part in body.split(separator: ".", omittingEmptySubsequences: false) {
            guard let value = UInt32(part) else { return nil }
            parts.append(value)
        }
        guard !parts.isEmpty else { return nil }
        components = parts
    }

    /// For constants in source code only: traps on malformed text.
    public init(stringLiteral value: String) {
        guard let parsed = OID(value) else { preconditionFailure("malformed OID literal \(value)") }
        self = parsed
    }

    public var description: String { components.map(String.init).joined(separator: ".") }

    public static func < (lhs: OID, rhs: OID) -> Bool { lhs.components.lexicographicallyPrecedes(rhs.components) }

    /// Whether `self` lies in the subtree rooted at `prefix` (a prefix is in its own subtree).
    public func isInSubtree(of prefix: OID) -> Bool {
        components.count >= prefix.components.count && components.starts(with: prefix.components)
    }

    /// The components after `prefix` (the row index of a table column), or nil when not below it.
    public func suffix(after prefix: OID) -> [UInt32]? {
        isInSubtree(of: prefix) ? Array(components[prefix.components.count...]) : nil
    }

    public func appending(_ more: UInt32...) -> OID { OID(components + more) }
    public func appending(_ more: [UInt32]) -> OID { OID(components + more) }
}

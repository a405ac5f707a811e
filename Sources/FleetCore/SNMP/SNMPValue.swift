/// A value of an SNMP variable binding (RFC 2578 / RFC 3416 types, and the v2c exceptions).
public enum SNMPValue: Hashable, Sendable {
    case integer(Int64)
    case octetString([UInt8])
    case null
    case objectIdentifier(OID)
    case ipAddress([UInt8])
    case counter32(UInt32)
    case gauge32(UInt32)
    case timeTicks(UInt32)
    case opaque([UInt8])
    case counter64(UInt64)
    case noSuchObject
    case noSuchInstance
    case endOfMibView

    /// Whether this is one of the v2c exceptions rather than a value.
    public var isException: Bool {
        switch self {
        case .noSuchObject, .noSuchInstance, .endOfMibView: return true
        default: return false
        }
    }

    /// The value as a signed integer when it is one of the integer types.
    public var integerValue: Int64? {
        switch self {
        case .integer(let v): return v
        case .counter32(let v), .gauge32(let v), .timeTicks(let v): return Int64(v)
        case .counter64(let v): return v <= UInt64(Int64.max) ? Int64(v) : nil
        default: return nil
        }
    }

    /// The octets of an OCTET STRING (or Opaque).
    public var bytes: [UInt8]? {
        switch self {
        case .octetString(let b), .opaque(let b): return b
        default: return nil
        }
    }
}

import FleetCore

/// The SNMP versions we speak; the number is what the message's version field carries.
public enum SNMPVersion: Sendable {
    case v1, v2c

    var wireValue: Int64 { self == .v1 ? 0 : 1 }
}

/// One variable binding: a name and its value.
public struct SNMPVarBind: Sendable, Hashable {
    public var oid: OID
    public var value: SNMPValue

    public init(_ oid: OID, _ value: SNMPValue) {
        self.oid = oid
        self.value = value
    }
}

/// The PDU types that share the request layout (RFC 3416 §3): request-id, error-status,
/// error-index, bindings. GetBulk reuses the two middle fields as non-repeaters and max-repetitions.
public enum SNMPPDUType: UInt8, Sendable, Hashable, CaseIterable {
    case getRequest = 0xA0
    case getNextRequest = 0xA1
    case response = 0xA2
    case setRequest = 0xA3
    case getBulkRequest = 0xA5
    case informRequest = 0xA6
    case snmpV2Trap = 0xA7
    case report = 0xA8
}

/// A PDU of the common layout.
public struct SNMPBasicPDU: Sendable, Hashable {
    public var type: SNMPPDUType
    public var requestID: Int32
    /// error-status, or non-repeaters in a GetBulkRequest.
    public var errorStatus: Int32
    /// error-index, or max-repetitions in a GetBulkRequest.
    public var errorIndex: Int32
    public var varbinds: [SNMPVarBind]

    public init(type: SNMPPDUType, requestID: Int32, errorStatus: Int32 = 0, errorIndex: Int32 = 0,
                varbinds: [SNMPVarBind]) {
        self.type = type
        self.requestID = requestID
        self.errorStatus = errorStatus
        self.errorIndex = errorIndex
        self.varbinds = varbinds
    }
}

/// The SNMPv1 Trap-PDU (RFC 1157 §4.1.6), which has a layout of its own.
public struct SNMPV1TrapPDU: Sendable, Hashable {
    public var enterprise: OID
    /// The agent's IPv4 address, four octets.
    public var agentAddress: [UInt8]
    public var genericTrap: Int32
    public var specificTrap: Int32
    public var timestamp: UInt32
    public var varbinds: [SNMPVarBind]

    public init(enterprise: OID, agentAddress: [UInt8], genericTrap: Int32, specificTrap: Int32,
                timestamp: UInt32, varbinds: [SNMPVarBind]) {
        self.enterprise = enterprise
        self.agentAddress = agentAddress
        self.genericTrap = genericTrap
        self.specificTrap = specificTrap
        self.timestamp = timestamp
        self.varbinds = varbinds
    }
}

/// Either PDU layout.
public enum SNMPPDU: Sendable, Hashable {
    case basic(SNMPBasicPDU)
    case v1Trap(SNMPV1TrapPDU)
}

/// A v1 or v2c message: version, community, PDU (RFC 1157 §4, RFC 1901).
public struct SNMPMessage: Sendable, Hashable {
    public var version: SNMPVersion
    public var community: [UInt8]
    public var pdu: SNMPPDU

    public init(version: SNMPVersion, community: [UInt8], pdu: SNMPPDU) {
        self.version = version
        self.community = community
        self.pdu = pdu
    }

    /// The basic PDU, when the message carries one.
    public var basicPDU: SNMPBasicPDU? {
        if case .basic(let pdu) = pdu { return pdu }
        return nil
    }
}

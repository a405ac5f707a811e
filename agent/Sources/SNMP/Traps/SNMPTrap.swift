import FleetCore

/// One notification from a device, v1 Trap or v2c SNMPv2-Trap/InformRequest, in one shape.
public struct SNMPTrap: Sendable, Hashable {
    /// Who sent the datagram (not the v1 agent-addr field, which a device may fill wrongly).
    public var source: UDPAddress
    public var version: SNMPVersion
    public var community: String
    /// Whether it was an InformRequest (already acknowledged when the handler sees it).
    public var isInform: Bool
    /// The notification's identity: v2c snmpTrapOID.0; for v1 the RFC 3584 §3.1 translation
    /// (generic 0-5 → snmpTraps.(generic+1), enterpriseSpecific → enterprise.0.specific).
    public var trapOID: OID
    /// v1 only: the enterprise field, the agent-addr field, generic-trap and specific-trap.
    public var enterprise: OID?
    public var agentAddress: [UInt8]?
    public var genericTrap: Int?
    public var specificTrap: Int?
    /// sysUpTime of the device when it sent the notification (hundredths of a second).
    public var uptime: UInt32
    /// The bindings that carry the notification's data (v2c: after sysUpTime.0 and snmpTrapOID.0).
    public var varbinds: [SNMPVarBind]
}

extension SNMPTrap {
    static let sysUpTime: OID = "1.3.6.1.2.1.1.3.0"
    static let snmpTrapOID: OID = "1.3.6.1.6.3.1.1.4.1.0"
    static let snmpTraps: OID = "1.3.6.1.6.3.1.1.5"

    /// The trap a message carries, or why it is not one.
    static func from(_ message: SNMPMessage, source: UDPAddress) -> Result<SNMPTrap, BERDecodeError> {
        let community = String(decoding: message.community, as: UTF8.self)
        switch message.pdu {
        case .v1Trap(let trap):
            let trapOID = (0...5).contains(trap.genericTrap)
                ? snmpTraps.appending(UInt32(trap.genericTrap + 1))
                : trap.enterprise.appending(0, UInt32(bitPattern: trap.specificTrap))
            return .success(SNMPTrap(source: source, version: message.version, community: community, isInform: false,
                                     trapOID: trapOID, enterprise: trap.enterprise, agentAddress: trap.agentAddress,
                                     genericTrap: Int(trap.genericTrap), specificTrap: Int(trap.specificTrap),
                                     uptime: trap.timestamp, varbinds: trap.varbinds))
        case .basic(let pdu) where pdu.type == .snmpV2Trap || pdu.type == .informRequest:
            // RFC 3416 §4.2.6: the first two bindings are always sysUpTime.0 and snmpTrapOID.0.
            guard pdu.varbinds.count >= 2, pdu.varbinds[0].oid == sysUpTime, case .timeTicks(let uptime) = pdu.varbinds[0].value,
                  pdu.varbinds[1].oid == snmpTrapOID, case .objectIdentifier(let trapOID) = pdu.varbinds[1].value else {
                return .failure(.invalid("notification without sysUpTime.0 and snmpTrapOID.0"))
            }
            return .success(SNMPTrap(source: source, version: message.version, community: community,
                                     isInform: pdu.type == .informRequest, trapOID: trapOID, uptime: uptime,
                                     varbinds: Array(pdu.varbinds.dropFirst(2))))
        default:
            return .failure(.invalid("not a notification"))
        }
    }
}

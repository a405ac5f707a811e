import FleetCore

/// Why a message could not be encoded (an OID no agent could decode, e.g. `1.40` or a single arc).
public struct BEREncodeError: Error, Sendable, Equatable {
    public var reason: String
}

extension SNMPMessage {
    /// The minimal BER encoding of the message.
    public func encoded() throws(BEREncodeError) -> [UInt8] {
        var writer = BERWriter()
        writer.constructed(0x30) { message in
            message.integer(version.wireValue)
            message.primitive(0x04, community)
            switch pdu {
            case .basic(let basic):
                message.constructed(basic.type.rawValue) { body in
                    body.integer(Int64(basic.requestID))
                    body.integer(Int64(basic.errorStatus))
                    body.integer(Int64(basic.errorIndex))
                    body.varbinds(basic.varbinds)
                }
            case .v1Trap(let trap):
                message.constructed(0xA4) { body in
                    body.objectIdentifier(trap.enterprise)
                    body.ipAddress(trap.agentAddress)
                    body.integer(Int64(trap.genericTrap))
                    body.integer(Int64(trap.specificTrap))
                    body.unsigned(UInt64(trap.timestamp), tag: 0x43)
                    body.varbinds(trap.varbinds)
                }
            }
        }
        if let failure = writer.failure { throw BEREncodeError(reason: failure) }
        return writer.bytes
    }
}

extension BERWriter {
    /// The VarBindList: a SEQUENCE of (name, value) SEQUENCEs.
    mutating func varbinds(_ list: [SNMPVarBind]) {
        constructed(0x30) { sequence in
            for bind in list {
                sequence.constructed(0x30) { pair in
                    pair.objectIdentifier(bind.oid)
                    pair.value(bind.value)
                }
            }
        }
    }

    /// A value with its universal, application or context tag.
    mutating func value(_ value: SNMPValue) {
        switch value {
        case .integer(let v): integer(v)
        case .octetString(let b): primitive(0x04, b)
        case .null: null()
        case .objectIdentifier(let oid): objectIdentifier(oid)
        case .ipAddress(let b): ipAddress(b)
        case .counter32(let v): unsigned(UInt64(v), tag: 0x41)
        case .gauge32(let v): unsigned(UInt64(v), tag: 0x42)
        case .timeTicks(let v): unsigned(UInt64(v), tag: 0x43)
        case .opaque(let b): primitive(0x44, b)
        case .counter64(let v): unsigned(v, tag: 0x46)
        case .noSuchObject: null(tag: 0x80)
        case .noSuchInstance: null(tag: 0x81)
        case .endOfMibView: null(tag: 0x82)
        }
    }
}

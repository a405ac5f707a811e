import FleetCore

extension SNMPMessage {
    /// Decodes one whole datagram. Throws for anything but exactly one well-formed v1/v2c message:
    /// a prefix of a message is `.truncated`, everything else `.invalid`; never traps, and allocates
    /// at most in proportion to the input.
    public static func decode(_ bytes: [UInt8]) throws(BERDecodeError) -> SNMPMessage {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(BERDecodeError) in try decode(buffer) } }
        return try result.get()
    }

    /// Decodes from raw memory; the buffer is only read during the call.
    public static func decode(_ buffer: UnsafeRawBufferPointer) throws(BERDecodeError) -> SNMPMessage {
        var outer = BERReader(buffer)
        var message = try outer.expect(0x30, "message")
        try outer.finish("datagram")
        let versionNumber = try message.expect(0x02, "version").signedInteger()
        let version: SNMPVersion
        switch versionNumber {
        case 0: version = .v1
        case 1: version = .v2c
        default: throw .invalid("unsupported version \(versionNumber)")
        }
        let community = try message.expect(0x04, "community").contentBytes
        let (tag, contents) = try message.element()
        try message.finish("message")
        var body = contents
        let pdu: SNMPPDU
        if tag == 0xA4 {
            pdu = .v1Trap(try decodeV1Trap(&body))
        } else if let type = SNMPPDUType(rawValue: tag) {
            let requestID = try body.int32("request-id")
            let errorStatus = try body.int32("error-status")
            let errorIndex = try body.int32("error-index")
            let varbinds = try body.varbinds()
            pdu = .basic(SNMPBasicPDU(type: type, requestID: requestID, errorStatus: errorStatus,
                                      errorIndex: errorIndex, varbinds: varbinds))
        } else {
            throw .invalid("unknown PDU tag 0x\(String(tag, radix: 16))")
        }
        try body.finish("PDU")
        return SNMPMessage(version: version, community: community, pdu: pdu)
    }

    private static func decodeV1Trap(_ body: inout BERReader) throws(BERDecodeError) -> SNMPV1TrapPDU {
        let enterprise = try body.expect(0x06, "enterprise").objectIdentifier()
        let address = try body.expect(0x40, "agent-addr")
        guard address.remaining == 4 else { throw .invalid("agent-addr of \(address.remaining) octets") }
        let generic = try body.int32("generic-trap")
        let specific = try body.int32("specific-trap")
        let timestamp = try body.expect(0x43, "time-stamp").unsignedInteger(bits: 32)
        let varbinds = try body.varbinds()
        return SNMPV1TrapPDU(enterprise: enterprise, agentAddress: address.contentBytes, genericTrap: generic,
                             specificTrap: specific, timestamp: UInt32(timestamp), varbinds: varbinds)
    }
}

extension BERReader {
    /// An INTEGER that must fit Integer32 (request ids, error fields, trap numbers).
    mutating func int32(_ what: String) throws(BERDecodeError) -> Int32 {
        let value = try expect(0x02, what).signedInteger()
        guard let narrow = Int32(exactly: value) else { throw .invalid("\(what) \(value) out of range") }
        return narrow
    }

    /// The VarBindList SEQUENCE, capped at `BERLimits.maxVarBinds` entries.
    mutating func varbinds() throws(BERDecodeError) -> [SNMPVarBind] {
        var list = try expect(0x30, "varbind list")
        var result: [SNMPVarBind] = []
        while !list.isAtEnd {
            guard result.count < BERLimits.maxVarBinds else { throw .invalid("more than \(BERLimits.maxVarBinds) bindings") }
            var pair = try list.expect(0x30, "varbind")
            let oid = try pair.expect(0x06, "varbind name").objectIdentifier()
            let (tag, contents) = try pair.element()
            try pair.finish("varbind")
            result.append(SNMPVarBind(oid, try contents.value(tag: tag)))
        }
        return result
    }

    /// A value by its tag; constructed or unknown tags are refused rather than descended into.
    func value(tag: UInt8) throws(BERDecodeError) -> SNMPValue {
        switch tag {
        case 0x02: return .integer(try signedInteger())
        case 0x04: return .octetString(contentBytes)
        case 0x05, 0x80, 0x81, 0x82:
            guard remaining == 0 else { throw .invalid("NULL with contents") }
            return tag == 0x05 ? .null : tag == 0x80 ? .noSuchObject : tag == 0x81 ? .noSuchInstance : .endOfMibView
        case 0x06: return .objectIdentifier(try objectIdentifier())
        case 0x40:
            guard remaining == 4 else { throw .invalid("IpAddress of \(remaining) octets") }
            return .ipAddress(contentBytes)
        case 0x41: return .counter32(UInt32(try unsignedInteger(bits: 32)))
        case 0x42: return .gauge32(UInt32(try unsignedInteger(bits: 32)))
        case 0x43: return .timeTicks(UInt32(try unsignedInteger(bits: 32)))
        case 0x44: return .opaque(contentBytes)
        case 0x46: return .counter64(try unsignedInteger(bits: 64))
        default: throw .invalid("unexpected value tag 0x\(String(tag, radix: 16))")
        }
    }
}

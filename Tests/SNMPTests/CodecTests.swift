import FleetCore
import Testing
@testable import SNMP

/// Byte-exact codec tables: every valid case encodes to exactly its bytes, decodes back, and no
/// strict prefix of it decodes to anything.
@Suite struct CodecTests {
    /// Wraps a value in a v2c Response for sysUpTime-like name 1.3.6.1 so values can be tested
    /// through the public message codec.
    static func message(_ value: SNMPValue, oid: OID = "1.3.6.1") -> SNMPMessage {
        SNMPMessage(version: .v2c, community: Array("public".utf8),
                    pdu: .basic(SNMPBasicPDU(type: .response, requestID: 1, varbinds: [SNMPVarBind(oid, value)])))
    }

    /// The encoding of a value alone, cut out of its message (the value is the last element).
    static func valueBytes(_ value: SNMPValue) throws -> [UInt8] {
        var writer = BERWriter()
        writer.value(value)
        return writer.bytes
    }

    static let valueTable: [(SNMPValue, [UInt8])] = [
        (.integer(0), [0x02, 0x01, 0x00]),
        (.integer(127), [0x02, 0x01, 0x7F]),
        (.integer(128), [0x02, 0x02, 0x00, 0x80]),
        (.integer(256), [0x02, 0x02, 0x01, 0x00]),
        (.integer(-1), [0x02, 0x01, 0xFF]),
        (.integer(-128), [0x02, 0x01, 0x80]),
        (.integer(-129), [0x02, 0x02, 0xFF, 0x7F]),
        (.integer(1 << 31), [0x02, 0x05, 0x00, 0x80, 0x00, 0x00, 0x00]),
        (.integer(-(1 << 31)), [0x02, 0x04, 0x80, 0x00, 0x00, 0x00]),
        (.integer(Int64.max), [0x02, 0x08, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
        (.octetString([]), [0x04, 0x00]),
        (.octetString(Array("public".utf8)), [0x04, 0x06, 0x70, 0x75, 0x62, 0x6C, 0x69, 0x63]),
        (.null, [0x05, 0x00]),
        (.objectIdentifier("1.3.6.1.2.1.1.1.0"), [0x06, 0x08, 0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00]),
        // X.690 §8.19.5's example: 2.999.3 packs 999 + 80 = 1079 into two octets.
        (.objectIdentifier("2.999.3"), [0x06, 0x03, 0x88, 0x37, 0x03]),
        (.objectIdentifier("1.3.6.1.4.1.4294967295"),
         [0x06, 0x0A, 0x2B, 0x06, 0x01, 0x04, 0x01, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F]),
        (.objectIdentifier("1.3.6.1.4.1.11.128"), [0x06, 0x08, 0x2B, 0x06, 0x01, 0x04, 0x01, 0x0B, 0x81, 0x00]),
        (.objectIdentifier("0.0"), [0x06, 0x01, 0x00]),
        (.ipAddress([192, 168, 1, 20]), [0x40, 0x04, 0xC0, 0xA8, 0x01, 0x14]),
        (.counter32(0), [0x41, 0x01, 0x00]),
        (.counter32(UInt32.max), [0x41, 0x05, 0x00, 0xFF, 0xFF, 0xFF, 0xFF]),
        (.gauge32(200), [0x42, 0x02, 0x00, 0xC8]),
        (.timeTicks(123_456), [0x43, 0x03, 0x01, 0xE2, 0x40]),
        (.opaque([0x9F, 0x78, 0x04]), [0x44, 0x03, 0x9F, 0x78, 0x04]),
        (.counter64(UInt64.max), [0x46, 0x09, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
        (.counter64(1), [0x46, 0x01, 0x01]),
        (.noSuchObject, [0x80, 0x00]),
        (.noSuchInstance, [0x81, 0x00]),
        (.endOfMibView, [0x82, 0x00]),
    ]

    @Test(arguments: 0..<valueTable.count)
    func valueEncodesExactlyAndRoundTrips(_ index: Int) throws {
        let (value, bytes) = Self.valueTable[index]
        #expect(try Self.valueBytes(value) == bytes)
        let message = Self.message(value)
        let encoded = try message.encoded()
        #expect(Array(encoded.suffix(bytes.count)) == bytes)
        #expect(try SNMPMessage.decode(encoded) == message)
        assertEveryPrefixFails(encoded)
    }

    /// sysDescr.0 from community "public", v1, request-id 1, byte for byte.
    @Test func getRequestForSysDescr() throws {
        let expected: [UInt8] = [
            0x30, 0x26, 0x02, 0x01, 0x00, 0x04, 0x06, 0x70, 0x75, 0x62, 0x6C, 0x69, 0x63,
            0xA0, 0x19, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00,
            0x30, 0x0E, 0x30, 0x0C, 0x06, 0x08, 0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00, 0x05, 0x00,
        ]
        let message = SNMPMessage(version: .v1, community: Array("public".utf8),
                                  pdu: .basic(SNMPBasicPDU(type: .getRequest, requestID: 1,
                                                           varbinds: [SNMPVarBind("1.3.6.1.2.1.1.1.0", .null)])))
        #expect(try message.encoded() == expected)
        #expect(try SNMPMessage.decode(expected) == message)
        assertEveryPrefixFails(expected)
    }

    /// A v2c GetBulk for the supply levels column (prtMarkerSuppliesLevel), max-repetitions 25.
    @Test func getBulkForSupplyLevels() throws {
        let expected: [UInt8] = [
            0x30, 0x28, 0x02, 0x01, 0x01, 0x04, 0x06, 0x70, 0x75, 0x62, 0x6C, 0x69, 0x63,
            0xA5, 0x1B, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x19,
            0x30, 0x10, 0x30, 0x0E, 0x06, 0x0A, 0x2B, 0x06, 0x01, 0x02, 0x01, 0x2B, 0x0B, 0x01, 0x01, 0x09, 0x05, 0x00,
        ]
        let message = SNMPMessage(version: .v2c, community: Array("public".utf8),
                                  pdu: .basic(SNMPBasicPDU(type: .getBulkRequest, requestID: 1, errorStatus: 0, errorIndex: 25,
                                                           varbinds: [SNMPVarBind("1.3.6.1.2.1.43.11.1.1.9", .null)])))
        #expect(try message.encoded() == expected)
        #expect(try SNMPMessage.decode(expected) == message)
        assertEveryPrefixFails(expected)
    }

    /// Lengths of 128 and more take the long form, with as few octets as possible.
    @Test func longFormLengths() throws {
        let text = [UInt8](repeating: 0x41, count: 200)
        let message = Self.message(.octetString(text))
        let encoded = try message.encoded()
        #expect(Array(encoded.suffix(203).prefix(3)) == [0x04, 0x81, 0xC8])
        #expect(Array(encoded.prefix(3)) == [0x30, 0x81, UInt8(encoded.count - 3)])
        #expect(try SNMPMessage.decode(encoded) == message)
        let big = Self.message(.octetString([UInt8](repeating: 0, count: 300)))
        let bigEncoded = try big.encoded()
        #expect(Array(bigEncoded.prefix(4)) == [0x30, 0x82, 0x01, UInt8(bigEncoded.count - 4 - 256)])
        #expect(try SNMPMessage.decode(bigEncoded) == big)
        assertEveryPrefixFails(encoded)
    }

    @Test func everyPDUTypeRoundTrips() throws {
        for type in SNMPPDUType.allCases {
            for version in [SNMPVersion.v1, .v2c] {
                let message = SNMPMessage(version: version, community: Array("c".utf8),
                                          pdu: .basic(SNMPBasicPDU(type: type, requestID: -5, errorStatus: 2, errorIndex: 3,
                                                                   varbinds: [SNMPVarBind("1.3.6.1.2.1.1.3.0", .timeTicks(9)),
                                                                              SNMPVarBind("1.3.6.1.2.1.1.5.0", .octetString([1, 2]))])))
                let encoded = try message.encoded()
                #expect(encoded[13 - 6 + 1] == type.rawValue)
                #expect(try SNMPMessage.decode(encoded) == message)
                assertEveryPrefixFails(encoded)
            }
        }
    }

    @Test func v1TrapRoundTrips() throws {
        let trap = SNMPV1TrapPDU(enterprise: "1.3.6.1.4.1.11.2.3.9.1", agentAddress: [10, 0, 0, 5], genericTrap: 6,
                                 specificTrap: 1, timestamp: 4242,
                                 varbinds: [SNMPVarBind("1.3.6.1.2.1.43.18.1.1.8.1.1", .integer(3))])
        let message = SNMPMessage(version: .v1, community: Array("public".utf8), pdu: .v1Trap(trap))
        let encoded = try message.encoded()
        #expect(encoded[13] == 0xA4)
        #expect(try SNMPMessage.decode(encoded) == message)
        assertEveryPrefixFails(encoded)
    }

    @Test func unencodableOIDsAreRefused() {
        for oid in [OID([1]), OID([3, 1]), OID([1, 40]), OID([UInt32](repeating: 1, count: 129))] {
            #expect(throws: BEREncodeError.self) { try Self.message(.null, oid: oid).encoded() }
        }
        #expect(throws: BEREncodeError.self) { try Self.message(.ipAddress([1, 2, 3])).encoded() }
    }

    /// Lenient decoding of what real agents send; the re-encoding is minimal.
    @Test func lenientForms() throws {
        // Counter32 4294967295 without the leading zero octet; INTEGER 5 in two octets; length in 0x81 form.
        let bytes: [UInt8] = [0x30, 0x81, 0x1D, 0x02, 0x01, 0x01, 0x04, 0x01, 0x70, 0xA2, 0x15, 0x02, 0x02, 0x00, 0x05,
                              0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x09, 0x30, 0x07, 0x06, 0x01, 0x2B,
                              0x41, 0x02, 0xFF, 0xFF]
        let message = try SNMPMessage.decode(bytes)
        #expect(message.basicPDU?.requestID == 5)
        #expect(message.basicPDU?.varbinds == [SNMPVarBind("1.3", .counter32(65535))])
        #expect(try SNMPMessage.decode(message.encoded()) == message)
    }
}

/// Every strict prefix of a valid message is refused (never decoded to some other value).
func assertEveryPrefixFails(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    for cut in 0..<bytes.count {
        #expect(throws: BERDecodeError.self, sourceLocation: sourceLocation) { try SNMPMessage.decode(Array(bytes[0..<cut])) }
    }
}

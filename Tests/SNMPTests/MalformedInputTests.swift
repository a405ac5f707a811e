import FleetCore
import Testing
@testable import SNMP

/// Hostile and broken datagrams: each is refused, none traps or allocates out of proportion.
@Suite struct MalformedInputTests {
    /// A v2c Response prefix (`30 LL 02 01 01 04 01 70`) followed by `pdu`, with the outer length fixed up.
    static func wrap(_ pdu: [UInt8]) -> [UInt8] {
        let inner: [UInt8] = [0x02, 0x01, 0x01, 0x04, 0x01, 0x70] + pdu
        return [0x30, UInt8(inner.count)] + inner
    }

    /// A Response with one binding of name 1.3 and the given value bytes.
    static func response(value: [UInt8], name: [UInt8] = [0x06, 0x01, 0x2B]) -> [UInt8] {
        let bind = name + value
        let list: [UInt8] = [0x30, UInt8(bind.count + 2), 0x30, UInt8(bind.count)] + bind
        let body: [UInt8] = [0x02, 0x01, 0x07, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00] + list
        return wrap([0xA2, UInt8(body.count)] + body)
    }

    static let cases: [(String, [UInt8])] = [
        ("empty", []),
        ("lone tag", [0x30]),
        ("not a sequence", [0x02, 0x01, 0x00]),
        ("indefinite length", [0x30, 0x80, 0x02, 0x01, 0x00, 0x00, 0x00]),
        ("length longer than input", [0x30, 0x10, 0x02, 0x01, 0x00]),
        ("long-form length truncated", [0x30, 0x82, 0x01]),
        ("five length octets", [0x30, 0x85, 0x00, 0x00, 0x00, 0x00, 0x05, 0x02, 0x01, 0x00]),
        ("huge length", [0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x02]),
        ("length just over 64 KiB", [0x30, 0x83, 0x01, 0x00, 0x00] + [UInt8](repeating: 0, count: 16)),
        ("multi-octet tag", [0x1F, 0x81, 0x00]),
        ("trailing garbage", response(value: [0x05, 0x00]) + [0x00]),
        ("version 3", [0x30, 0x08, 0x02, 0x01, 0x03, 0x04, 0x00, 0xA2, 0x00, 0x00]),
        ("empty version", [0x30, 0x05, 0x02, 0x00, 0x04, 0x00, 0xA2]),
        ("unknown PDU tag", wrap([0xA9, 0x00])),
        ("PDU missing fields", wrap([0xA2, 0x03, 0x02, 0x01, 0x01])),
        ("request-id over Int32", wrap([0xA2, 0x0C, 0x02, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00,
                                        0x02, 0x01, 0x00, 0x02, 0x01, 0x00]) ),
        ("INTEGER of 9 octets", response(value: [0x02, 0x09] + [UInt8](repeating: 1, count: 9))),
        ("empty INTEGER", response(value: [0x02, 0x00])),
        ("NULL with contents", response(value: [0x05, 0x01, 0x00])),
        ("endOfMibView with contents", response(value: [0x82, 0x01, 0x00])),
        ("IpAddress of 5 octets", response(value: [0x40, 0x05, 1, 2, 3, 4, 5])),
        ("Counter32 overflow", response(value: [0x41, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00])),
        ("Counter32 of 6 octets", response(value: [0x41, 0x06, 0, 0, 0, 0, 0, 1])),
        ("Counter64 overflow", response(value: [0x46, 0x09, 0x01] + [UInt8](repeating: 0, count: 8))),
        ("empty OID", response(value: [0x05, 0x00], name: [0x06, 0x00])),
        ("overlong OID sub-identifier", response(value: [0x05, 0x00], name: [0x06, 0x03, 0x2B, 0x80, 0x01])),
        ("OID sub-identifier overflow", response(value: [0x05, 0x00], name: [0x06, 0x06, 0x2B, 0x90, 0x80, 0x80, 0x80, 0x00])),
        ("OID sub-identifier unterminated", response(value: [0x05, 0x00], name: [0x06, 0x02, 0x2B, 0x81])),
        ("OID first sub-identifier overflow", response(value: [0x05, 0x00], name: [0x06, 0x05, 0x9F, 0xFF, 0xFF, 0xFF, 0x7F])),
        ("name is not an OID", response(value: [0x05, 0x00], name: [0x04, 0x01, 0x2B])),
        ("constructed value (nesting)", response(value: [0x30, 0x02, 0x05, 0x00])),
        ("nesting bomb", [0x30, 0x7E] + Array([[UInt8]](repeating: [0x30, 0x7C], count: 63).joined())),
        ("unknown value tag 0x47", response(value: [0x47, 0x01, 0x00])),
        ("varbind with extra element", response(value: [0x05, 0x00, 0x05, 0x00])),
        ("v1 trap with short agent-addr", [0x30, 0x15, 0x02, 0x01, 0x00, 0x04, 0x00, 0xA4, 0x0E, 0x06, 0x01, 0x2B,
                                           0x40, 0x03, 10, 0, 0, 0x02, 0x01, 0x06, 0x02, 0x01, 0x01]),
    ]

    @Test(arguments: 0..<cases.count)
    func refused(_ index: Int) {
        let (name, bytes) = Self.cases[index]
        #expect(throws: BERDecodeError.self, "\(name)") { try SNMPMessage.decode(bytes) }
    }

    /// A message with more bindings than the cap is refused before the list grows further.
    @Test func tooManyBindings() throws {
        let pdu = SNMPBasicPDU(type: .response, requestID: 1,
                               varbinds: (0..<(BERLimits.maxVarBinds + 1)).map { SNMPVarBind(OID([1, 3, UInt32($0)]), .null) })
        let bytes = try SNMPMessage(version: .v2c, community: [], pdu: .basic(pdu)).encoded()
        #expect(throws: BERDecodeError.invalid("more than \(BERLimits.maxVarBinds) bindings")) { try SNMPMessage.decode(bytes) }
    }

    /// Every single-byte change of a valid message either decodes to something that re-encodes and
    /// re-decodes equal, or is refused.
    @Test func everySingleByteMutation() throws {
        let valid = try CodecTests.message(.octetString(Array("HP LaserJet".utf8)), oid: "1.3.6.1.2.1.1.1.0").encoded()
        for index in valid.indices {
            for replacement: UInt8 in [0x00, 0x7F, 0x80, 0xFF, valid[index] ^ 0x01] {
                var mutated = valid
                mutated[index] = replacement
                if let message = try? SNMPMessage.decode(mutated) {
                    #expect(try SNMPMessage.decode(message.encoded()) == message)
                }
            }
        }
    }
}

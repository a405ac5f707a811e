import Testing
@testable import FleetCore

/// The `.snmprec` parser: every type tag, hex values, and clear errors.
@Suite struct SNMPRecordingTests {
    @Test func everyType() throws {
        let text = """
        1.3.6.1.2.1.1.1.0|4|a|b
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.11
        1.3.6.1.2.1.1.3.0|67|4200
        1.3.6.1.9.1|2|-3
        1.3.6.1.9.2|2x|FFFE
        1.3.6.1.9.3|4x|00FF
        1.3.6.1.9.4|5|
        1.3.6.1.9.5|64|192.0.2.1
        1.3.6.1.9.6|65|4294967295
        1.3.6.1.9.7|66|7
        1.3.6.1.9.8|68|op
        1.3.6.1.9.9|70|18446744073709551615
        1.3.6.1.9.10|128|
        1.3.6.1.9.11|129|
        1.3.6.1.9.12|130|
        1.3.6.1.9.13|64x|C0000201
        # a comment

        """
        let view = try SNMPRecording.parse(text)
        #expect(view["1.3.6.1.2.1.1.1.0"] == .octetString(Array("a|b".utf8)))
        #expect(view["1.3.6.1.2.1.1.2.0"] == .objectIdentifier("1.3.6.1.4.1.11"))
        #expect(view["1.3.6.1.2.1.1.3.0"] == .timeTicks(4200))
        #expect(view["1.3.6.1.9.1"] == .integer(-3))
        #expect(view["1.3.6.1.9.2"] == .integer(-2))
        #expect(view["1.3.6.1.9.3"] == .octetString([0x00, 0xFF]))
        #expect(view["1.3.6.1.9.4"] == .null)
        #expect(view["1.3.6.1.9.5"] == .ipAddress([192, 0, 2, 1]))
        #expect(view["1.3.6.1.9.6"] == .counter32(UInt32.max))
        #expect(view["1.3.6.1.9.7"] == .gauge32(7))
        #expect(view["1.3.6.1.9.8"] == .opaque(Array("op".utf8)))
        #expect(view["1.3.6.1.9.9"] == .counter64(UInt64.max))
        #expect(view["1.3.6.1.9.10"] == nil)  // exceptions are recorded but hidden by MIBView
        #expect(view.count == 16)
        #expect(view["1.3.6.1.9.13"] == .ipAddress([192, 0, 2, 1]))
    }

    @Test func errorsNameTheLine() {
        #expect(throws: SNMPRecording.ParseError(line: 2, reason: "value 12x does not fit type 65")) {
            try SNMPRecording.parse("1.3.6.1|2|1\n1.3.6.2|65|12x\n")
        }
        #expect(throws: SNMPRecording.ParseError.self) { try SNMPRecording.parse("1.3.6.1|2\n") }
        #expect(throws: SNMPRecording.ParseError.self) { try SNMPRecording.parse("1.3.x|2|1\n") }
        #expect(throws: SNMPRecording.ParseError.self) { try SNMPRecording.parse("1.3.6|99|1\n") }
        #expect(throws: SNMPRecording.ParseError.self) { try SNMPRecording.parse("1.3.6|4x|ABC\n") }
        #expect(throws: SNMPRecording.ParseError.self) { try SNMPRecording.parse("1.3.6|65|4294967296\n") }
    }

    @Test func lenientParsingKeepsTheRest() {
        let (view, errors) = SNMPRecording.parseLenient("1.3.6.1|2|1\n1.3.6.2|65|6git3159\n1.3.6.3|2|3\n")
        #expect(view.count == 2)
        #expect(errors.map(\.line) == [2])
    }

    @Test func everyFixtureParses() throws {
        for name in Fixtures.devices {
            let view = try Fixtures.view(name)
            #expect(view.count > 0, "\(name)")
        }
    }
}

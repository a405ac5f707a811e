import Testing
@testable import FleetCore

/// Description cleaning and the small parsers of vendor text.
@Suite struct TextRepairTests {
    @Test func hpHexTailIsDecoded() {
        let raw = Array("Magenta Cartridg\n65 20 38 32 37 41 20 48 50 20 43 46 33 30 33 41 \n00".utf8)
        #expect(TextRepair.clean(raw) == "Magenta Cartridge 827A HP CF303A")
    }

    @Test func newlineWithoutHexIsKeptAsText() {
        #expect(TextRepair.clean(Array("Line one\nline two".utf8)) == "Line oneline two")
    }

    @Test func nulsAndTrailingWhitespaceGo() {
        #expect(TextRepair.clean([0x42, 0x6C, 0x61, 0x63, 0x6B, 0x20, 0x20, 0x00, 0x00]) == "Black")
        #expect(TextRepair.clean([0x00, 0x00]) == nil)
        #expect(TextRepair.clean([]) == nil)
    }

    @Test func hpPMLPrefixIsDropped() throws {
        let octets = try #require(SNMPRecording.hexBytes("0115564E4352433438313938"))
        #expect(TextRepair.clean(octets) == "VNCRC48198")
    }

    @Test func latin1Survives() {
        #expect(TextRepair.clean([0x47, 0x72, 0xFC, 0x6E]) == "Grün")
    }

    @Test func deviceIDFields() {
        let id = "MFG:Hewlett-Packard;CMD:PJL,PCL;MDL:HP Color LaserJet Pro M252dw;CLS:PRINTER;"
        #expect(TextRepair.deviceIDField(id, keys: ["MDL", "MODEL"]) == "HP Color LaserJet Pro M252dw")
        #expect(TextRepair.deviceIDField("COMMAND SET:;MODEL:Dell S5830dn", keys: ["MDL", "MODEL"]) == "Dell S5830dn")
        #expect(TextRepair.deviceIDField(id, keys: ["MFG"]) == "Hewlett-Packard")
        #expect(TextRepair.deviceIDField(id, keys: ["XYZ"]) == nil)
    }

    @Test func embeddedSerials() {
        #expect(TextRepair.embeddedSerial("Black Toner, PN 006R01509;SN48178080E0000481") == "48178080E0000481")
        #expect(TextRepair.embeddedSerial("Fuser, PN unknown;SNunknown") == nil)
        #expect(TextRepair.embeddedSerial("Black Toner S/N:CRUM-12345678 ") == "CRUM-12345678")
        #expect(TextRepair.embeddedSerial("Black Toner") == nil)
    }

    @Test(arguments: [
        ("Toner (Cyan)", "cyan"), ("Black Drum 828A HP CF358A", "black"), ("Yellow Ink Supply Unit T9444", "yellow"),
        ("Waste Toner Box", nil), ("Drum Cartridge (R1)", nil), ("Light Cyan Ink", "light_cyan"),
        ("Black and Cyan kit", nil), ("Gelb Toner", "yellow"),
    ] as [(String, String?)])
    func colours(_ description: String, _ colour: String?) {
        #expect(TextRepair.colour(fromDescription: description) == colour)
    }

    @Test func errorFlagBitsAreMSBFirst() {
        #expect(PrinterEnums.errorFlags([0x20, 0x00]) == ["low_toner"])
        #expect(PrinterEnums.errorFlags([0x01, 0x00]) == ["service_requested"])
        #expect(PrinterEnums.errorFlags([0x00, 0x80]) == ["input_tray_missing"])
        #expect(PrinterEnums.errorFlags([0x00, 0x02]) == ["overdue_prevent_maint"])
        #expect(PrinterEnums.errorFlags([]) == [])
    }
}

import Foundation
import Testing
@testable import SNMP

/// One committed input from `Fixtures/fuzz-crashes/snmp/`: fuzzer findings (minimized), and the
/// seeds (named `seed-*`) so the replay runs even when the fuzzer found nothing.
struct SNMPFuzzFixture: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var testDescription: String { name }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz-crashes/snmp")

    static func all() -> [SNMPFuzzFixture] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasSuffix(".md") }.sorted().compactMap { name in
            FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
                .map { SNMPFuzzFixture(name: name, bytes: Array($0)) }
        }
    }
}

/// Replays every fixture through the invariants `FuzzSNMPDecoder` checks (keep in step with
/// Fuzz/Sources/FuzzSNMPDecoder/main.swift).
@Suite struct FuzzRegressionTests {
    @Test func fixturesArePresent() {
        #expect(SNMPFuzzFixture.all().count >= 10)
    }

    @Test(arguments: SNMPFuzzFixture.all())
    func invariantsHold(_ fixture: SNMPFuzzFixture) throws {
        guard let message = try? SNMPMessage.decode(fixture.bytes) else { return }
        let encoded = try message.encoded()
        let again = try SNMPMessage.decode(encoded)
        #expect(again == message)
        #expect(try again.encoded() == encoded)
        assertEveryPrefixFails(fixture.bytes)
    }

    /// The seeds are all valid messages (so they exercise the round trip, not just the refusal).
    @Test func seedsDecode() {
        for fixture in SNMPFuzzFixture.all() where fixture.name.hasPrefix("seed-") {
            #expect((try? SNMPMessage.decode(fixture.bytes)) != nil, "\(fixture.name)")
        }
    }
}

import Foundation
import Testing
@testable import HTTPServer

/// One committed input from `Fixtures/fuzz-crashes/<kind>/` (see the README there and `Fuzz/README.md`).
struct FuzzFixture: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var testDescription: String { name }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz-crashes")

    /// Every input of a kind (`parser` or `chunked`), README files aside, in name order.
    static func all(_ kind: String) -> [FuzzFixture] {
        let folder = directory.appendingPathComponent(kind)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasSuffix(".md") }.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
                return nil
            }
            return FuzzFixture(name: "\(kind)/\(name)", bytes: Array(data))
        }
    }
}

/// Replays every committed fuzzer finding through the same invariants the harnesses check, so a fixed
/// crash stays fixed without running the fuzzer.
@Suite struct FuzzRegressionTests {
    /// The limits `FuzzRequestParser` uses besides the defaults (keep in step with Fuzz/Sources).
    static let tightLimits: HTTPLimits = {
        var limits = HTTPLimits()
        limits.maxHeaderBytes = 96
        limits.maxHeaderCount = 4
        limits.maxTargetLength = 24
        return limits
    }()

    @Test func everyKindHasAtLeastOneFixture() {
        #expect(!FuzzFixture.all("parser").isEmpty)
        #expect(!FuzzFixture.all("chunked").isEmpty)
    }

    @Test(arguments: FuzzFixture.all("parser")) func parserInput(_ fixture: FuzzFixture) {
        for parser in [RequestParser(), RequestParser(limits: Self.tightLimits)] {
            let result = parseCheckingPrefixes(fixture.bytes, parser: parser)
            let longer = parser.parse(fixture.bytes + [0x41])
            if result != .incomplete { #expect(longer == result, "one more byte changed the answer") }
            _ = serveInMemory(fixture.bytes, parser: parser, injectingHost: true)
        }
    }

    /// Byte 0 picks the limits, byte 1 the split point, the rest is the body (as in FuzzChunkedDecoder).
    @Test(arguments: FuzzFixture.all("chunked")) func chunkedInput(_ fixture: FuzzFixture) {
        guard fixture.bytes.count >= 2 else { return }
        let config = fixture.bytes[0]
        let maxBodyBytes = config & 0x1F >= 24 ? Int.max : 1 << Int(config & 0x1F)
        let maxTrailerBytes = 16 << Int(config >> 5)
        let outcome = decodeCheckingSplits(Array(fixture.bytes.dropFirst(2)), maxBodyBytes: maxBodyBytes,
                                           maxTrailerBytes: maxTrailerBytes)
        #expect(outcome.body.count <= maxBodyBytes)
    }
}

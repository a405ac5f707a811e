import Testing
@testable import HTTPServer

/// One chunked body and what decoding it must give, however it is split.
struct ChunkCase: Sendable, CustomTestStringConvertible {
    var input: [UInt8]
    var expected: DecodeOutcome
    var maxBodyBytes = 1 << 20
    var maxTrailerBytes = 8 * 1024
    var testDescription: String

    /// A body that decodes to `body`; `consumed` defaults to all of the input.
    static func valid(_ input: String, _ body: String, consumed: Int? = nil, complete: Bool = true) -> ChunkCase {
        ChunkCase(input: latin1(input),
                  expected: DecodeOutcome(body: latin1(body), consumed: consumed ?? latin1(input).count,
                                          isComplete: complete, error: nil),
                  testDescription: input.debugDescription)
    }

    /// A body refused with `error` after `body` was decoded.
    static func invalid(_ input: String, _ error: HTTPServerError, body: String = "",
                        maxBodyBytes: Int = 1 << 20, maxTrailerBytes: Int = 8 * 1024) -> ChunkCase {
        ChunkCase(input: latin1(input), expected: DecodeOutcome(body: latin1(body), error: error),
                  maxBodyBytes: maxBodyBytes, maxTrailerBytes: maxTrailerBytes,
                  testDescription: "\(input.debugDescription) -> \(error)")
    }

    /// Decodes whole, split at every point and byte by byte, and checks the result.
    func run() {
        #expect(decodeCheckingSplits(input, maxBodyBytes: maxBodyBytes, maxTrailerBytes: maxTrailerBytes) == expected)
    }
}

@Suite struct ChunkedDecoderTests {
    static let valid: [ChunkCase] = [
        .valid("0\r\n\r\n", ""),
        .valid("5\r\nhello\r\n0\r\n\r\n", "hello"),
        .valid("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "hello world"),
        .valid("A\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n", "01234567890123456789"),
        .valid("0005\r\nhello\r\n000\r\n\r\n", "hello"),
        .valid("00000000000000f\r\n0123456789abcde\r\n0\r\n\r\n", "0123456789abcde"),
        .valid("4\r\n\r\n\r\n\r\n0\r\n\r\n", "\r\n\r\n"),
        .valid("3\r\n\u{0}\u{FF}\n\r\n0\r\n\r\n", "\u{0}\u{FF}\n"),
        .valid("5;a\r\nhello\r\n0;b=c;d=\"q \\\" x\";e=\"\"\r\n\r\n", "hello"),
        .valid("1;!#$%&'*+-.^_`|~=!#$%&'*+-.^_`|~\r\nx\r\n0\r\n\r\n", "x"),
        .valid("0\r\nX: y\r\nEmpty:\r\nZ:  \u{FF} a\t\r\n\r\n", ""),
        .valid("0\r\nContent-Length: 5\r\n\r\n", ""),
        .valid("1\r\na\r\n0\r\n\r\nGET / HTTP/1.1\r\n", "a", consumed: 11),
        .valid("0\r\n\r\n0\r\n\r\n", "", consumed: 5),
    ]

    @Test(arguments: valid) func decodesValidBodies(_ testCase: ChunkCase) { testCase.run() }

    static let partial: [ChunkCase] = [
        .valid("", "", complete: false),
        .valid("5", "", complete: false),
        .valid("5\r", "", complete: false),
        .valid("5;a=\"x", "", complete: false),
        .valid("5\r\nhel", "hel", complete: false),
        .valid("5\r\nhello", "hello", complete: false),
        .valid("5\r\nhello\r", "hello", complete: false),
        .valid("5\r\nhello\r\n", "hello", complete: false),
        .valid("0\r\n", "", complete: false),
        .valid("0\r\nX: y\r\n", "", complete: false),
        .valid("0\r\n\r", "", complete: false),
    ]

    @Test(arguments: partial) func waitsForTheRestOfABody(_ testCase: ChunkCase) { testCase.run() }

    static let invalid: [ChunkCase] = [
        .invalid("\r\n", .invalidChunkSize),
        .invalid(";a\r\n", .invalidChunkSize),
        .invalid(" 5\r\n", .invalidChunkSize),
        .invalid("5 \r\n", .invalidChunkSize),
        .invalid("5\t\r\n", .invalidChunkSize),
        .invalid("5 ;a\r\n", .invalidChunkSize),
        .invalid("-1\r\n", .invalidChunkSize),
        .invalid("+5\r\n", .invalidChunkSize),
        .invalid("0x5\r\n", .invalidChunkSize),
        .invalid("g\r\n", .invalidChunkSize),
        .invalid("5\n", .invalidChunkSize),
        .invalid("5\rX", .invalidChunkSize),
        .invalid("5;a\r\r", .invalidChunkSize),
        .invalid("0000000000000005\r\n", .invalidChunkSize),
        .invalid("1000000000000000000005\r\n", .invalidChunkSize, maxBodyBytes: .max),
        .invalid("5;\r\n", .invalidChunkExtension),
        .invalid("5; a\r\n", .invalidChunkExtension),
        .invalid("5;a =b\r\n", .invalidChunkExtension),
        .invalid("5;a= b\r\n", .invalidChunkExtension),
        .invalid("5;a=\r\n", .invalidChunkExtension),
        .invalid("5;a=b c\r\n", .invalidChunkExtension),
        .invalid("5;a=\"x\r\n", .invalidChunkExtension),
        .invalid("5;a=\"x\"y\r\n", .invalidChunkExtension),
        .invalid("5;a=\"\\\u{0}\"\r\n", .invalidChunkExtension),
        .invalid("5;a\u{0}\r\n", .invalidChunkExtension),
        .invalid("5;a=b=c\r\n", .invalidChunkExtension),
        .invalid("1;" + String(repeating: "a", count: ChunkedDecoder.maxExtensionBytes) + "\r\n",
                 .invalidChunkExtension),
        .invalid("5\r\nhelloX\r\n", .invalidChunkData, body: "hello"),
        .invalid("5\r\nhello0\r\n\r\n", .invalidChunkData, body: "hello"),
        .invalid("5\r\nhello\n0\r\n\r\n", .invalidChunkData, body: "hello"),
        .invalid("5\r\nhello\rX", .invalidChunkData, body: "hello"),
        .invalid("0\r\n X: y\r\n\r\n", .invalidTrailer),
        .invalid("0\r\nX : y\r\n\r\n", .invalidTrailer),
        .invalid("0\r\nX\r\n\r\n", .invalidTrailer),
        .invalid("0\r\n: y\r\n\r\n", .invalidTrailer),
        .invalid("0\r\nX: a\u{0}\r\n\r\n", .invalidTrailer),
        .invalid("0\r\nX: a\rb\r\n\r\n", .invalidTrailer),
        .invalid("0\r\nX: y\n\r\n", .invalidTrailer),
        .invalid("0\r\n\n", .invalidTrailer),
        .invalid("0\r\n\rX", .invalidTrailer),
        .invalid("0\r\nX: 1234\r\n\r\n", .invalidTrailer, maxTrailerBytes: 10),
        .invalid("5\r\n", .bodyTooLarge, maxBodyBytes: 4),
        .invalid("3\r\nabc\r\n2\r\n", .bodyTooLarge, body: "abc", maxBodyBytes: 4),
        .invalid("fffffffffffffff\r\n", .bodyTooLarge),
    ]

    @Test(arguments: invalid) func refusesInvalidBodies(_ testCase: ChunkCase) { testCase.run() }

    @Test func limitsAllowExactlyTheirSize() {
        ChunkCase.valid("2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n", "abcd").with(maxBodyBytes: 4).run()
        ChunkCase.valid("0\r\nX: 1\r\n\r\n", "").with(maxTrailerBytes: 8).run()
        ChunkCase.valid("1;" + String(repeating: "a", count: ChunkedDecoder.maxExtensionBytes - 1) + "\r\nx\r\n0\r\n\r\n",
                        "x").run()
    }

    @Test func consumesNothingOnceComplete() throws {
        var decoder = ChunkedDecoder(maxBodyBytes: 100)
        var body: [UInt8] = []
        let first = try latin1("1\r\na\r\n0\r\n\r\nGET").withUnsafeBytes { try decoder.decode($0, into: &body) }
        #expect(first == 11 && decoder.isComplete)
        let second = try latin1("GET / HTTP/1.1\r\n").withUnsafeBytes { try decoder.decode($0, into: &body) }
        #expect(second == 0 && body == latin1("a"))
    }

    @Test func anErrorIsFinal() {
        var decoder = ChunkedDecoder(maxBodyBytes: 100)
        var body: [UInt8] = []
        for input in ["x", "0\r\n\r\n"] {
            #expect(throws: HTTPServerError.invalidChunkSize) {
                _ = try latin1(input).withUnsafeBytes { try decoder.decode($0, into: &body) }
            }
        }
        #expect(!decoder.isComplete)
    }
}

extension ChunkCase {
    func with(maxBodyBytes: Int? = nil, maxTrailerBytes: Int? = nil) -> ChunkCase {
        var copy = self
        copy.maxBodyBytes = maxBodyBytes ?? copy.maxBodyBytes
        copy.maxTrailerBytes = maxTrailerBytes ?? copy.maxTrailerBytes
        return copy
    }
}

import Testing
@testable import HTTPServer

/// A parsed head with its ranges turned into text, so an expectation reads like the request.
struct HeadSummary: Equatable, Sendable, CustomStringConvertible {
    var method: HTTPMethod = .get
    var target = "/"
    var version = HTTPVersion.http11
    var framing = BodyFraming.none
    var keepAlive = true
    var expectContinue = false
    var host: String? = "h"
    /// Every field as "name|value"; compared only when the expectation lists them.
    var fields: [String]?
    /// Bytes consumed; when the expectation leaves it out, the whole input must be the head.
    var length: Int?

    init(method: HTTPMethod = .get, target: String = "/", version: HTTPVersion = .http11,
         framing: BodyFraming = .none, keepAlive: Bool = true, expectContinue: Bool = false,
         host: String? = "h", fields: [String]? = nil, length: Int? = nil) {
        self.method = method; self.target = target; self.version = version; self.framing = framing
        self.keepAlive = keepAlive; self.expectContinue = expectContinue; self.host = host
        self.fields = fields; self.length = length
    }

    init(_ head: RequestHead, in input: [UInt8]) {
        self.init(method: head.method, target: latin1Text(input, head.target), version: head.version,
                  framing: head.framing, keepAlive: head.keepAlive, expectContinue: head.expectContinue,
                  host: head.host.map { latin1Text(input, $0) },
                  fields: head.headers.map { latin1Text(input, $0.name) + "|" + latin1Text(input, $0.value) },
                  length: head.length)
    }

    var description: String {
        "\(method.name) \(target) \(version) \(framing) keepAlive=\(keepAlive) expect=\(expectContinue) "
            + "host=\(host ?? "nil") fields=\(fields ?? []) length=\(length ?? -1)"
    }
}

/// One input and what the parser must make of it.
struct HeadCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: [UInt8]
    var expected: Expected
    var limits = HTTPLimits()

    enum Expected: Sendable {
        case head(HeadSummary)
        case incomplete
        case invalid(HTTPServerError)
    }

    init(_ name: String, _ input: String, _ expected: Expected, limits: HTTPLimits = HTTPLimits()) {
        self.name = name; self.input = latin1(input); self.expected = expected; self.limits = limits
    }

    var testDescription: String { name }

    /// Parses the input whole and grown one byte at a time, and checks the result.
    func run() {
        let result = parseCheckingPrefixes(input, parser: RequestParser(limits: limits))
        switch (expected, result) {
        case (.head(let expectedHead), .complete(let head)):
            var actual = HeadSummary(head, in: input)
            var expectedHead = expectedHead
            if expectedHead.fields == nil { actual.fields = nil }
            expectedHead.length = expectedHead.length ?? input.count
            #expect(actual == expectedHead)
        case (.incomplete, .incomplete):
            break
        case (.invalid(let error), _):
            #expect(result == .invalid(error))
        default:
            Issue.record("expected \(expected), got \(result)")
        }
    }
}

private func get(_ fields: String, version: String = "HTTP/1.1", target: String = "/") -> String {
    "GET \(target) \(version)\r\n\(fields)\r\n"
}

private func limits(_ change: (inout HTTPLimits) -> Void) -> HTTPLimits {
    var limits = HTTPLimits()
    change(&limits)
    return limits
}

@Suite struct RequestParserTests {
    static let valid: [HeadCase] = [
        HeadCase("minimal 1.1", get("Host: h\r\n"), .head(HeadSummary(fields: ["Host|h"]))),
        HeadCase("1.0 without Host closes by default", get("", version: "HTTP/1.0", target: "/a?b=c"),
                 .head(HeadSummary(target: "/a?b=c", version: .http10, keepAlive: false, host: nil))),
        HeadCase("1.0 keep-alive", get("Connection: Keep-Alive\r\n", version: "HTTP/1.0"),
                 .head(HeadSummary(version: .http10, keepAlive: true, host: nil))),
        HeadCase("1.0 keep-alive then close", get("Connection: keep-alive, close\r\n", version: "HTTP/1.0"),
                 .head(HeadSummary(version: .http10, keepAlive: false, host: nil))),
        HeadCase("1.1 close among options", get("Host: h\r\nConnection: upgrade, ,CLOSE\t\r\n"),
                 .head(HeadSummary(keepAlive: false))),
        HeadCase("close as part of a longer token is not close", get("Host: h\r\nConnection: closed\r\n"),
                 .head(HeadSummary(keepAlive: true))),
        HeadCase("Content-Length", "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n",
                 .head(HeadSummary(method: .post, target: "/p", framing: .length(5)))),
        HeadCase("Content-Length with OWS and zeros", get("Host: h\r\nContent-Length: \t007 \r\n"),
                 .head(HeadSummary(framing: .length(7), fields: ["Host|h", "Content-Length|007"]))),
        HeadCase("Content-Length 0 is no body", get("Host: h\r\nContent-Length: 0\r\n"), .head(HeadSummary())),
        HeadCase("Content-Length of 18 digits", get("Host: h\r\nContent-Length: 999999999999999999\r\n"),
                 .head(HeadSummary(framing: .length(999_999_999_999_999_999)))),
        HeadCase("chunked, any case, OWS", get("Host: h\r\nTransfer-Encoding: \tChunKed \t\r\n"),
                 .head(HeadSummary(framing: .chunked))),
        HeadCase("Expect with a body", get("Host: h\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n"),
                 .head(HeadSummary(framing: .length(1), expectContinue: true))),
        HeadCase("Expect without a body is moot", get("Host: h\r\nExpect: 100-continue\r\n"), .head(HeadSummary())),
        HeadCase("Expect in 1.0 is ignored",
                 get("Expect: 100-continue\r\nContent-Length: 1\r\n", version: "HTTP/1.0"),
                 .head(HeadSummary(version: .http10, framing: .length(1), keepAlive: false, host: nil))),
        HeadCase("leading empty lines are skipped", "\r\n\r\n" + get("Host: h\r\n"), .head(HeadSummary())),
        HeadCase("value OWS trimmed, inner kept, obs-text allowed", get("Host: h\r\nX: \t a b \u{FF}\t\r\n"),
                 .head(HeadSummary(fields: ["Host|h", "X|a b \u{FF}"]))),
        HeadCase("empty values", get("Host:\r\nX:   \r\n"), .head(HeadSummary(host: "", fields: ["Host|", "X|"]))),
        HeadCase("Host with IPv6 and port", get("Host: [::1]:8080\r\n"), .head(HeadSummary(host: "[::1]:8080"))),
        HeadCase("Host name case-insensitive", get("hOsT: h\r\n"), .head(HeadSummary())),
        HeadCase("absolute-form", get("Host: h\r\n", target: "http://example.com/x?y"),
                 .head(HeadSummary(target: "http://example.com/x?y"))),
        HeadCase("absolute-form, scheme case-insensitive", get("Host: h\r\n", target: "HTTPS://a"),
                 .head(HeadSummary(target: "HTTPS://a"))),
        HeadCase("asterisk-form for OPTIONS", "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
                 .head(HeadSummary(method: .options, target: "*"))),
        HeadCase("authority-form for CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
                 .head(HeadSummary(method: .connect, target: "example.com:443", host: "example.com:443"))),
        HeadCase("extension method", "PROPFIND /d HTTP/1.1\r\nHost: h\r\n\r\n",
                 .head(HeadSummary(method: .other("PROPFIND"), target: "/d"))),
        HeadCase("methods are case-sensitive", "get / HTTP/1.1\r\nHost: h\r\n\r\n",
                 .head(HeadSummary(method: .other("get")))),
        HeadCase("every tchar in a name", get("Host: h\r\n!#$%&'*+-.^_`|~09azAZ: v\r\n"),
                 .head(HeadSummary(fields: ["Host|h", "!#$%&'*+-.^_`|~09azAZ|v"]))),
        HeadCase("repeated ordinary fields are kept", get("Host: h\r\nAccept: a\r\nAccept: b\r\n"),
                 .head(HeadSummary(fields: ["Host|h", "Accept|a", "Accept|b"]))),
        HeadCase("visible ASCII in target", get("Host: h\r\n", target: "/\"q\"|{}\\^`"),
                 .head(HeadSummary(target: "/\"q\"|{}\\^`"))),
        HeadCase("pipelined bytes after the head are left alone", get("Host: h\r\n") + "GET / HTTP/1.1\r\n",
                 .head(HeadSummary(length: 27))),
        HeadCase("body bytes after the head are left alone",
                 "PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi",
                 .head(HeadSummary(method: .put, framing: .length(2), length: 46))),
    ] + ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "TRACE", "OPTIONS"].map { name in
        HeadCase("method \(name)", "\(name) / HTTP/1.1\r\nHost: h\r\n\r\n",
                 .head(HeadSummary(method: RequestParserTests.method(name))))
    }

    static func method(_ name: String) -> HTTPMethod {
        [HTTPMethod.get, .head, .post, .put, .patch, .delete, .trace, .options, .connect]
            .first { $0.name == name } ?? .other(name)
    }

    @Test(arguments: valid) func parsesValidHeads(_ testCase: HeadCase) { testCase.run() }

    static let partial: [HeadCase] = [
        "", "\r", "\r\n", "G", "GET", "GET ", "GET /", "GET / ", "GET / HTTP/1.", "GET / HTTP/1.1\r",
        "GET / HTTP/1.1\r\n", "GET / HTTP/1.1\r\nHost", "GET / HTTP/1.1\r\nHost: h", "GET / HTTP/1.1\r\nHost: h\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\n\r", "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 12",
        "GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chun", "GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked ",
        "GET / HTTP/1.1\r\nHost: [::1]:80", "OPTIONS * HTTP/1.1\r\n",
    ].map { HeadCase("partial \($0.debugDescription)", $0, .incomplete) }

    @Test(arguments: partial) func waitsForTheRestOfAHead(_ testCase: HeadCase) { testCase.run() }

    static let invalid: [HeadCase] = [
        // Request line.
        HeadCase("leading space", " GET / HTTP/1.1\r\n", .invalid(.malformedRequestLine)),
        HeadCase("bare LF empty line", "\nGET / HTTP/1.1\r\n", .invalid(.malformedRequestLine)),
        HeadCase("bare CR empty line", "\r\rGET / HTTP/1.1\r\n", .invalid(.malformedRequestLine)),
        HeadCase("too many empty lines", String(repeating: "\r\n", count: 9) + "GET", .invalid(.malformedRequestLine)),
        HeadCase("non-token in method", "G@T / HTTP/1.1\r\n", .invalid(.invalidMethod)),
        HeadCase("tab after method", "GET\t/ HTTP/1.1\r\n", .invalid(.invalidMethod)),
        HeadCase("two spaces after method", "GET  / HTTP/1.1\r\n", .invalid(.malformedRequestLine)),
        HeadCase("two spaces after target", "GET /  HTTP/1.1\r\n", .invalid(.malformedRequestLine)),
        HeadCase("space after version", "GET / HTTP/1.1 \r\n", .invalid(.malformedRequestLine)),
        HeadCase("HTTP/0.9 request line", "GET /\r\n", .invalid(.malformedRequestLine)),
        HeadCase("tab in target", "GET /a\tb HTTP/1.1\r\n", .invalid(.invalidTarget)),
        HeadCase("NUL in target", "GET /\u{0} HTTP/1.1\r\n", .invalid(.invalidTarget)),
        HeadCase("DEL in target", "GET /\u{7F} HTTP/1.1\r\n", .invalid(.invalidTarget)),
        HeadCase("non-ASCII in target", "GET /\u{E9} HTTP/1.1\r\n", .invalid(.invalidTarget)),
        HeadCase("relative target", "GET x HTTP/1.1\r\n", .invalid(.invalidTarget)),
        HeadCase("asterisk with GET", "GET * HTTP/1.1\r\n", .invalid(.invalidTarget)),
        HeadCase("asterisk with more", "OPTIONS *x HTTP/1.1\r\n", .invalid(.invalidTarget)),
        HeadCase("CONNECT with origin-form", "CONNECT / HTTP/1.1\r\n", .invalid(.invalidTarget)),
        HeadCase("CONNECT without port", "CONNECT example.com HTTP/1.1\r\n", .invalid(.invalidTarget)),
        HeadCase("CONNECT with userinfo", "CONNECT u@example.com:443 HTTP/1.1\r\n", .invalid(.invalidTarget)),
        HeadCase("authority-form with GET", "GET example.com:443 HTTP/1.1\r\n", .invalid(.invalidTarget)),
        HeadCase("absolute-form without host", "GET http:///x HTTP/1.1\r\n", .invalid(.invalidTarget)),
        HeadCase("other scheme", "GET ftp://x/ HTTP/1.1\r\n", .invalid(.invalidTarget)),
        HeadCase("lowercase protocol", "GET / http/1.1\r\n", .invalid(.malformedRequestLine)),
        HeadCase("version without dot", "GET / HTTP/11\r\n", .invalid(.malformedRequestLine)),
        HeadCase("version with three digits", "GET / HTTP/1.10\r\n", .invalid(.malformedRequestLine)),
        HeadCase("bare LF after version", "GET / HTTP/1.1\nHost: h\n\n", .invalid(.malformedRequestLine)),
        HeadCase("CR without LF after version", "GET / HTTP/1.1\rX", .invalid(.malformedRequestLine)),
        HeadCase("HTTP/2.0", "GET / HTTP/2.0\r\n", .invalid(.unsupportedVersion)),
        HeadCase("HTTP/0.9", "GET / HTTP/0.9\r\n", .invalid(.unsupportedVersion)),
        HeadCase("HTTP/1.2, even before the line ends", "GET / HTTP/1.2", .invalid(.unsupportedVersion)),
        // Field lines.
        HeadCase("space before colon", get("Host : h\r\n"), .invalid(.invalidHeaderName)),
        HeadCase("space in name", get("Ho st: h\r\n"), .invalid(.invalidHeaderName)),
        HeadCase("empty name", get(": v\r\n"), .invalid(.invalidHeaderName)),
        HeadCase("non-ASCII name", get("X-\u{C4}: v\r\n"), .invalid(.invalidHeaderName)),
        HeadCase("line without colon", get("Host: h\r\nX\r\n"), .invalid(.invalidHeaderName)),
        HeadCase("bare LF ending the head", "GET / HTTP/1.1\r\nHost: h\r\n\n", .invalid(.invalidHeaderName)),
        HeadCase("whitespace before first field", get(" Host: h\r\n"), .invalid(.obsoleteLineFolding)),
        HeadCase("obs-fold", get("Host: h\r\nX: a\r\n\tb\r\n"), .invalid(.obsoleteLineFolding)),
        HeadCase("NUL in value", get("Host: h\r\nX: a\u{0}b\r\n"), .invalid(.invalidHeaderValue)),
        HeadCase("DEL in value", get("Host: h\r\nX: a\u{7F}\r\n"), .invalid(.invalidHeaderValue)),
        HeadCase("bare LF ending a field", get("Host: h\nX: a\r\n"), .invalid(.invalidHeaderValue)),
        HeadCase("bare CR in value", get("Host: h\r\nX: a\rb\r\n"), .invalid(.bareCarriageReturn)),
        HeadCase("CR CR ending the head", "GET / HTTP/1.1\r\nHost: h\r\n\r\r", .invalid(.bareCarriageReturn)),
        // Host.
        HeadCase("no Host in 1.1", get("X: y\r\n"), .invalid(.missingHost)),
        HeadCase("two Hosts", get("Host: h\r\nhost: h\r\n"), .invalid(.duplicateHost)),
        HeadCase("two Hosts in 1.0", get("Host: a\r\nHost: b\r\n", version: "HTTP/1.0"), .invalid(.duplicateHost)),
        HeadCase("space in Host", get("Host: a b\r\n"), .invalid(.invalidHeaderValue)),
        HeadCase("slash in Host", get("Host: a/b\r\n"), .invalid(.invalidHeaderValue)),
        HeadCase("userinfo in Host", get("Host: u@h\r\n"), .invalid(.invalidHeaderValue)),
        HeadCase("obs-text in Host", get("Host: h\u{FF}\r\n"), .invalid(.invalidHeaderValue)),
        // Expect.
        HeadCase("unknown expectation", get("Host: h\r\nExpect: 100-continuex\r\n"), .invalid(.unsupportedExpectation)),
        HeadCase("expectation list", get("Host: h\r\nExpect: 100-continue, x\r\n"), .invalid(.unsupportedExpectation)),
        HeadCase("empty expectation", get("Host: h\r\nExpect:\r\n"), .invalid(.unsupportedExpectation)),
        // Limits.
        HeadCase("target of the maximum length", get("Host: h\r\n", target: "/abcdefghi"),
                 .head(HeadSummary(target: "/abcdefghi")), limits: limits { $0.maxTargetLength = 10 }),
        HeadCase("target too long, still arriving", "GET /abcdefghij", .invalid(.targetTooLong),
                 limits: limits { $0.maxTargetLength = 10 }),
        HeadCase("head of the maximum size", get("Host: h\r\nX: 123456789\r\n"), .head(HeadSummary()),
                 limits: limits { $0.maxHeaderBytes = 41 }),
        HeadCase("head one byte too big", get("Host: h\r\nX: 1234567890\r\n"), .invalid(.headersTooLarge),
                 limits: limits { $0.maxHeaderBytes = 41 }),
        HeadCase("head too big, still arriving", "GET / HTTP/1.1\r\nHost: h\r\nX: 12345678901234567",
                 .invalid(.headersTooLarge), limits: limits { $0.maxHeaderBytes = 41 }),
        HeadCase("empty lines do not count toward the head size", "\r\n\r\n" + get("Host: h\r\nX: 123456789\r\n"),
                 .head(HeadSummary()), limits: limits { $0.maxHeaderBytes = 41 }),
        HeadCase("fields up to the maximum count", get("Host: h\r\nA: 1\r\n"), .head(HeadSummary()),
                 limits: limits { $0.maxHeaderCount = 2 }),
        HeadCase("one field too many", get("Host: h\r\nA: 1\r\nB: 2\r\n"), .invalid(.tooManyHeaders),
                 limits: limits { $0.maxHeaderCount = 2 }),
    ]

    @Test(arguments: invalid) func refusesInvalidHeads(_ testCase: HeadCase) { testCase.run() }

    @Test func rangesPointIntoTheGivenBuffer() throws {
        let input = latin1("\r\nPOST /upload?x=1 HTTP/1.1\r\nHost: example.com\r\nContent-Type:  text/plain \r\n\r\n")
        guard case .complete(let head) = RequestParser().parse(input) else {
            Issue.record("expected a complete head")
            return
        }
        #expect(latin1Text(input, head.target) == "/upload?x=1")
        #expect(head.headers.map { latin1Text(input, $0.name) } == ["Host", "Content-Type"])
        #expect(head.headers.map { latin1Text(input, $0.value) } == ["example.com", "text/plain"])
        #expect(head.host == head.headers[0].value)
        #expect(head.length == input.count)
    }

    /// Values and targets are skipped eight bytes at a time; every byte value at every offset of a
    /// word must still be judged exactly as the byte-class table judges it.
    @Test(arguments: 0..<17) func wordScanningAgreesWithTheTable(offset: Int) {
        for special in 0...255 {
            let byte = UInt8(special)
            var value = latin1("abcdefghijklmnopq")
            value[offset] = byte
            let field = latin1("GET / HTTP/1.1\r\nHost: h\r\nX: v") + value + latin1("z\r\n\r\n")
            let fieldOK = byte == 0x09 || byte == 0x20 || (0x21...0x7E).contains(byte) || byte >= 0x80
            let fieldResult = RequestParser().parse(field)
            if fieldOK {
                guard case .complete(let head) = fieldResult else {
                    Issue.record("byte \(byte) at \(offset) refused in a value: \(fieldResult)")
                    return
                }
                #expect(head.headers[1].value.count == value.count + 2)
            } else if byte != 0x0D {
                #expect(fieldResult == .invalid(.invalidHeaderValue), "byte \(byte) at \(offset)")
            }
            let request = latin1("GET /") + value + latin1(" HTTP/1.1\r\nHost: h\r\n\r\n")
            let targetOK = (0x21...0x7E).contains(byte)
            let targetResult = RequestParser().parse(request)
            if targetOK {
                guard case .complete(let head) = targetResult else {
                    Issue.record("byte \(byte) at \(offset) refused in a target: \(targetResult)")
                    return
                }
                #expect(head.target.count == value.count + 1)
            } else if byte != 0x20 {
                #expect(targetResult == .invalid(.invalidTarget) || targetResult == .invalid(.malformedRequestLine),
                        "byte \(byte) at \(offset)")
            }
        }
    }

    @Test func partialContentLengthOverflowIsRefusedEarly() {
        // Nineteen digits cannot become valid, so there is no need to wait for the end of the line.
        let input = latin1("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1000000000000000000")
        #expect(parseCheckingPrefixes(input) == .invalid(.invalidContentLength))
    }
}

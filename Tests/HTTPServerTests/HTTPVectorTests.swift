import Foundation
import Testing
@testable import HTTPServer

/// The llhttp strict-mode request corpus (see Fixtures/http-vectors/README.md).
struct LLHTTPVector: Decodable, Sendable, CustomTestStringConvertible {
    var id: String
    var expect: String
    var llhttp_reason: String
    var raw_hex: String

    var testDescription: String { id }

    var raw: [UInt8] {
        var result: [UInt8] = []
        var hex = raw_hex[...]
        while !hex.isEmpty {
            result.append(UInt8(hex.prefix(2), radix: 16)!)
            hex = hex.dropFirst(2)
        }
        return result
    }

    /// llhttp stops parsing after a CONNECT or Upgrade head: what follows is another protocol.
    var pausesAfterFirst: Bool { llhttp_reason.hasPrefix("Pause on") }

    static let all: [LLHTTPVector] = {
        struct File: Decodable { var vectors: [LLHTTPVector] }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/http-vectors/llhttp-request-vectors.json")
        do {
            return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).vectors
        } catch {
            fatalError("cannot read \(url.path): \(error)")
        }
    }()
}

/// Vectors where we knowingly answer differently from llhttp, and what we answer instead.
/// Each is a choice RFC 9110/9112 leaves to the server; the comments say why we choose otherwise.
let deliberateDisagreements: [String: ServeOutcome] = [
    // llhttp accepts these; we refuse them.
    "method:M-SEARCH request": .rejected(.invalidTarget, requests: 0),      // `*` is only for OPTIONS (RFC 9112 3.2.4)
    "method:PRI request HTTP2": .rejected(.invalidTarget, requests: 0),     // same; we do not speak HTTP/2 prior knowledge
    "method:SOURCE request with ICE": .rejected(.malformedRequestLine, requests: 0),  // ICE/1.0 is not HTTP
    "method:OPTIONS request with RTSP": .rejected(.malformedRequestLine, requests: 0), // RTSP/1.0 is not HTTP
    "method:ANNOUNCE request with RTSP": .rejected(.malformedRequestLine, requests: 0),
    "sample:No HTTP version": .rejected(.malformedRequestLine, requests: 0), // HTTP/0.9 is not served
    // Only `chunked` alone is accepted: another coding under it would need decoding we don't do,
    // and codings split over fields invite proxy disagreement (refused with 400, see HTTPServerError).
    "transfer-encoding:POST with `chunked` as last transfer-encoding": .rejected(.unsupportedTransferEncoding, requests: 0),
    "transfer-encoding:POST with `chunked` as last transfer-encoding (multiple headers)":
        .rejected(.unsupportedTransferEncoding, requests: 0),
    // llhttp refuses these; we accept them. A method is any token (RFC 9110 9.1): the router answers
    // 405 (or 404) for a method no route takes, which says more than a parser's 400.
    "invalid:Invalid method": .truncated(requests: 0),
    "invalid:HTTP protocol and ANNOUNCE method": .truncated(requests: 0),
]

/// How we refuse each `reject` vector (after supplying Host where it was the only problem), so a
/// vector refused for the wrong reason fails. "Missing last-chunk" ends inside the body: nothing is
/// ever dispatched as complete and a connection would time out, which is the refusal for it.
let expectedRejections: [String: ServeOutcome] = {
    let table: [(HTTPServerError, [String])] = [
        (.bareCarriageReturn, ["connection:Not treating `\\r` as `-`", "content-length:Missing CRLF-CRLF before body",
                               "invalid:Empty headers separated by CR", "invalid:Headers separated by CR",
                               "invalid:Headers separated by dummy characters"]),
        (.contentLengthWithTransferEncoding, [
            "content-length:Error on simultaneous `Content-Length` and `Transfer-Encoding: identity`",
            "transfer-encoding:POST with empty `Transfer-Encoding` and `Content-Length` (lenient)"]),
        (.duplicateContentLength, ["content-length:Error on duplicate `Content-Length`"]),
        (.invalidChunkData, ["transfer-encoding:Chunk data not terminated by CRLF"]),
        (.invalidChunkExtension, ["transfer-encoding:No extension after semicolon",
                                  "transfer-encoding:Unbalanced chunk extensions quoting"]),
        (.invalidChunkSize, ["transfer-encoding:Chunk header not terminated by CRLF",
                             "transfer-encoding:No semicolon before chunk extensions",
                             "transfer-encoding:Space after chunk header", "transfer-encoding:Validate chunk parameters"]),
        (.invalidContentLength, ["content-length:Empty `Content-Length`", "content-length:Error on `Content-Length` overflow",
                                 "content-length:Spaces in `Content-Length` #2", "content-length:Spaces in `Content-Length` #3"]),
        (.invalidHeaderName, ["connection:Invalid whitespace token with `Connection` header field",
                              "content-length:Invalid whitespace token with `Content-Length` header field",
                              "content-length:`Content-Length` with CR instead of dash", "invalid:Corrupted Connection header",
                              "invalid:Corrupted header name", "invalid:Illegal header field name line folding",
                              "invalid:Invalid header token #1", "invalid:Invalid header token #2",
                              "invalid:Invalid header token #3"]),
        (.invalidHeaderValue, ["invalid:Empty headers separated by LF", "invalid:Headers separated by LF",
                               "invalid:Missing CR between headers", "lenient-headers:Header value",
                               "lenient-header-value-relaxed:Control char in header value (strict)",
                               "sample:Line folding in header value with LF"]),
        (.invalidTarget, ["uri:Disallow UTF-8 in URI path in strict mode"]),
        (.malformedRequestLine, ["invalid:ICE protocol and GET method", "invalid:ICE protocol, but not really",
                                 "invalid:Only LFs present", "invalid:RTSP protocol and PUT method",
                                 "sample:No LF after CR", "uri:Space in URI"]),
        (.obsoleteLineFolding, ["invalid:Invalid space after start line", "invalid:Spaces before headers"]),
        // "identity" is refused on its own line before Content-Length is even read.
        (.unsupportedTransferEncoding, ["transfer-encoding:Ignoring `pigeons`",
                                        "transfer-encoding:POST with `Transfer-Encoding` and `Content-Length`",
                                        "transfer-encoding:POST with `chunked` and duplicate transfer-encoding",
                                        "transfer-encoding:POST with `chunked` before other transfer coding names",
                                        "transfer-encoding:POST with `chunkedchunked` as transfer-encoding"]),
        (.unsupportedVersion, ["invalid:Invalid HTTP version"]),
    ]
    var result: [String: ServeOutcome] = ["transfer-encoding:Missing last-chunk": .truncated(requests: 0)]
    for (error, ids) in table {
        for id in ids { result[id] = .rejected(error, requests: 0) }
    }
    return result
}()

@Suite struct HTTPVectorTests {
    @Test(arguments: LLHTTPVector.all) func llhttpVector(_ vector: LLHTTPVector) {
        let raw = vector.raw
        parseCheckingPrefixes(raw)
        // As sent: a Host-less HTTP/1.1 vector may be refused for that alone, and for nothing else
        // unless we refuse it with Host supplied too.
        let asSent = serveInMemory(raw, stopAfterFirst: vector.pausesAfterFirst)
        // With Host supplied wherever it was the only problem, so framing is exercised.
        let withHost = serveInMemory(raw, injectingHost: true, stopAfterFirst: vector.pausesAfterFirst)
        if asSent != withHost {
            #expect(asSent == .rejected(.missingHost, requests: 0))
        }
        if let disagreement = deliberateDisagreements[vector.id] {
            #expect(withHost == disagreement, "deliberate disagreement changed")
            return
        }
        switch vector.expect {
        case "reject":
            #expect(withHost == expectedRejections[vector.id], "every reject vector has a listed refusal")
        case "parse-ok":
            if case .rejected = withHost { Issue.record("llhttp parses it, we refused: \(withHost)") }
        case "one-response-then-close":
            #expect(withHost == .closed(requests: 1))
        default:
            Issue.record("unknown expectation \(vector.expect)")
        }
    }

    @Test func everyListedVectorExists() {
        let ids = Set(LLHTTPVector.all.map(\.id))
        let disagreements = Set(deliberateDisagreements.keys), rejections = Set(expectedRejections.keys)
        #expect(disagreements.subtracting(ids).isEmpty)
        #expect(rejections.subtracting(ids).isEmpty)
        #expect(disagreements.isDisjoint(with: rejections))
        let rejectIDs = Set(LLHTTPVector.all.filter { $0.expect == "reject" }.map(\.id))
        #expect(rejectIDs == rejections.union(disagreements.intersection(rejectIDs)))
    }

    @Test(arguments: SmugglingCase.all) func smuggling(_ testCase: SmugglingCase) {
        #expect(serveInMemory(testCase.input) == testCase.expected)
        let head = parseCheckingPrefixes(testCase.input)
        if case .complete(let parsed) = head, parsed.framing == .chunked {
            decodeCheckingSplits(Array(testCase.input[parsed.length...]))
        }
    }
}

/// Our own request-smuggling table: each input and exactly how the server loop must end.
struct SmugglingCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: [UInt8]
    var expected: ServeOutcome
    var testDescription: String { name }

    init(_ name: String, _ input: String, _ expected: ServeOutcome) {
        self.name = name; self.input = latin1(input); self.expected = expected
    }

    /// Refused before any request is dispatched.
    init(_ name: String, _ input: String, _ error: HTTPServerError) {
        self.init(name, input, .rejected(error, requests: 0))
    }

    /// A POST with Host and the given extra field lines, then `body`.
    static func post(_ fields: String, _ body: String = "", version: String = "HTTP/1.1") -> String {
        "POST / \(version)\r\nHost: h\r\n\(fields)\r\n\(body)"
    }

    static let chunkedHead = "Transfer-Encoding: chunked\r\n"
    static let smuggled = "GET /admin HTTP/1.1\r\nHost: h\r\n\r\n"

    static let all: [SmugglingCase] = [
        // Both framings, in either order.
        SmugglingCase("CL.TE", post("Content-Length: 6\r\n" + chunkedHead, "0\r\n\r\nX"), .contentLengthWithTransferEncoding),
        SmugglingCase("TE.CL", post(chunkedHead + "Content-Length: 3\r\n", "8\r\nSMUGGLED\r\n0\r\n\r\n"),
                      .contentLengthWithTransferEncoding),
        // Transfer-Encoding obfuscations.
        SmugglingCase("TE with tab before value is plain chunked", post("Transfer-Encoding:\tchunked\r\n", "0\r\n\r\n"),
                      .served(requests: 1)),
        SmugglingCase("TE with tab before colon", post("Transfer-Encoding\t: chunked\r\n"), .invalidHeaderName),
        SmugglingCase("TE with space before colon", post("Transfer-Encoding : chunked\r\n"), .invalidHeaderName),
        SmugglingCase("TE with vertical tab", post("Transfer-Encoding: \u{0B}chunked\r\n"), .invalidHeaderValue),
        SmugglingCase("TE with form feed after", post("Transfer-Encoding: chunked\u{0C}\r\n"), .invalidHeaderValue),
        SmugglingCase("TE chunked NUL", post("Transfer-Encoding: chunked\u{0}\r\n"), .invalidHeaderValue),
        SmugglingCase("TE xchunked", post("Transfer-Encoding: xchunked\r\n"), .unsupportedTransferEncoding),
        SmugglingCase("TE chunked-false", post("Transfer-Encoding: chunked-false\r\n"), .unsupportedTransferEncoding),
        SmugglingCase("TE quoted", post("Transfer-Encoding: \"chunked\"\r\n"), .unsupportedTransferEncoding),
        SmugglingCase("TE chunked, identity", post("Transfer-Encoding: chunked, identity\r\n"), .unsupportedTransferEncoding),
        SmugglingCase("TE identity", post("Transfer-Encoding: identity\r\n"), .unsupportedTransferEncoding),
        SmugglingCase("TE gzip, chunked", post("Transfer-Encoding: gzip, chunked\r\n"), .unsupportedTransferEncoding),
        SmugglingCase("TE chunked twice in a list", post("Transfer-Encoding: chunked,chunked\r\n"), .unsupportedTransferEncoding),
        SmugglingCase("TE in two fields", post(chunkedHead + "Transfer-encoding: chunked\r\n"), .unsupportedTransferEncoding),
        SmugglingCase("TE empty", post("Transfer-Encoding:\r\n"), .unsupportedTransferEncoding),
        SmugglingCase("TE in HTTP/1.0", post(chunkedHead, version: "HTTP/1.0"), .transferEncodingInHTTP10),
        SmugglingCase("Transfer_Encoding is just another field", post("Transfer_Encoding: chunked\r\nContent-Length: 1\r\n", "X"),
                      .served(requests: 1)),
        // Content-Length obfuscations.
        SmugglingCase("CL +5", post("Content-Length: +5\r\n"), .invalidContentLength),
        SmugglingCase("CL -1", post("Content-Length: -1\r\n"), .invalidContentLength),
        SmugglingCase("CL 0x5", post("Content-Length: 0x5\r\n"), .invalidContentLength),
        SmugglingCase("CL 5 5", post("Content-Length: 5 5\r\n"), .invalidContentLength),
        SmugglingCase("CL list of equal values", post("Content-Length: 5, 5\r\n"), .invalidContentLength),
        SmugglingCase("CL 1e3", post("Content-Length: 1e3\r\n"), .invalidContentLength),
        SmugglingCase("CL wrapping 2^64 + 5", post("Content-Length: 18446744073709551621\r\n"), .invalidContentLength),
        SmugglingCase("CL twice, same value", post("Content-Length: 5\r\nContent-Length: 5\r\n", "hello"),
                      .duplicateContentLength),
        SmugglingCase("CL twice, different case", post("Content-Length: 5\r\ncontent-length: 0\r\n", "hello"),
                      .duplicateContentLength),
        SmugglingCase("CL with space before colon", post("Content-Length : 5\r\n"), .invalidHeaderName),
        // Field-line tricks.
        SmugglingCase("non-tchar in name", post("X[1]: y\r\n"), .invalidHeaderName),
        SmugglingCase("obs-fold hiding a field", post("X: a\r\n Transfer-Encoding: chunked\r\n"), .obsoleteLineFolding),
        SmugglingCase("tab-fold", post("X: a\r\n\tb\r\n"), .obsoleteLineFolding),
        SmugglingCase("bare CR in value", post("X: a\rTransfer-Encoding: chunked\r\n"), .bareCarriageReturn),
        SmugglingCase("bare LF ending a field", post("X: a\nTransfer-Encoding: chunked\r\n"), .invalidHeaderValue),
        SmugglingCase("bare LF request line", "GET / HTTP/1.1\nHost: h\n\n", .malformedRequestLine),
        SmugglingCase("NUL in target", "GET /\u{0} HTTP/1.1\r\nHost: h\r\n\r\n", .invalidTarget),
        SmugglingCase("space in target", "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n", .malformedRequestLine),
        // Host.
        SmugglingCase("missing Host on 1.1", "GET / HTTP/1.1\r\n\r\n", .missingHost),
        SmugglingCase("duplicate Host", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .duplicateHost),
        SmugglingCase("Host with a path", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", .invalidHeaderValue),
        // Chunked body tricks.
        SmugglingCase("overlong chunk size", post(chunkedHead, "0000000000000001\r\nX\r\n0\r\n\r\n"), .invalidChunkSize),
        SmugglingCase("chunk size -1", post(chunkedHead, "-1\r\n"), .invalidChunkSize),
        SmugglingCase("chunk size 0x", post(chunkedHead, "0x1\r\nX\r\n0\r\n\r\n"), .invalidChunkSize),
        SmugglingCase("chunk size then space", post(chunkedHead, "1 \r\nX\r\n0\r\n\r\n"), .invalidChunkSize),
        SmugglingCase("chunk size bare LF", post(chunkedHead, "1\nX\r\n0\r\n\r\n"), .invalidChunkSize),
        SmugglingCase("chunk data longer than declared", post(chunkedHead, "1\r\nXY\r\n0\r\n\r\n"), .invalidChunkData),
        SmugglingCase("no CRLF after chunk data", post(chunkedHead, "1\r\nX0\r\n\r\n"), .invalidChunkData),
        SmugglingCase("LF only after chunk data", post(chunkedHead, "1\r\nX\n0\r\n\r\n"), .invalidChunkData),
        SmugglingCase("bad chunk extension", post(chunkedHead, "1;a b\r\nX\r\n0\r\n\r\n"), .invalidChunkExtension),
        SmugglingCase("obs-fold in trailer", post(chunkedHead, "0\r\nX: a\r\n b\r\n\r\n"), .invalidTrailer),
        SmugglingCase("framing fields in trailers are discarded", post(chunkedHead, "0\r\nContent-Length: 99\r\n\r\n"),
                      .served(requests: 1)),
        // Pipelining is framed exactly: the bytes after a body are the next request, nothing else.
        SmugglingCase("chunked then pipelined", post(chunkedHead, "1\r\nX\r\n0\r\n\r\n" + smuggled), .served(requests: 2)),
        SmugglingCase("length then pipelined", post("Content-Length: 1\r\n", "X" + smuggled), .served(requests: 2)),
        SmugglingCase("Connection: close ignores the rest", post("Connection: close\r\n", smuggled), .closed(requests: 1)),
    ]
}

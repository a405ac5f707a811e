import Foundation
import Testing
@testable import HTTPServer

// Shared by the parser, chunked-decoder, vector and fuzz-regression tests: byte helpers, the
// "fed whole, fed one byte at a time, split everywhere" checks, and a tiny in-memory server loop.

/// The bytes of `text` read as Latin-1: one byte per character, so tests spell any raw byte with an
/// escape (`\r`, `\u{0}`, `\u{FF}`). A character above U+00FF is a mistake in the test.
func latin1(_ text: String) -> [UInt8] {
    text.unicodeScalars.map { scalar in
        precondition(scalar.value <= 0xFF, "test bytes are spelled as Latin-1")
        return UInt8(scalar.value)
    }
}

extension RequestParser {
    /// Parses an array (or slice) the way the connection passes its buffer.
    func parse<Bytes: ContiguousBytes>(_ input: Bytes) -> ParseResult { input.withUnsafeBytes { parse($0) } }
}

/// The text of a range of `input`, for readable expectations.
func latin1Text(_ input: [UInt8], _ range: Range<Int>) -> String {
    String(String.UnicodeScalarView(input[range].map { Unicode.Scalar($0) }))
}

/// Parses `input` whole, then every proper prefix of it, and records an issue unless the parser is
/// prefix-monotone: a prefix shorter than a complete head is `.incomplete`, a longer one gives the
/// same head; an invalid input is `.incomplete` up to some point and the same error from there on;
/// an incomplete input is incomplete all the way. Returns the whole input's result.
@discardableResult
func parseCheckingPrefixes(_ input: [UInt8], parser: RequestParser = RequestParser(),
                           sourceLocation: SourceLocation = #_sourceLocation) -> ParseResult {
    let whole = parser.parse(input)
    var sawInvalid = false
    for k in 0..<input.count {
        let partial = parser.parse(input[0..<k])
        let fine: Bool
        switch whole {
        case .complete(let head):
            fine = k < head.length ? partial == .incomplete : partial == whole
        case .incomplete:
            fine = partial == .incomplete
        case .invalid:
            fine = sawInvalid ? partial == whole : (partial == .incomplete || partial == whole)
            sawInvalid = sawInvalid || partial == whole
        }
        if !fine {
            Issue.record("prefix of \(k) bytes gave \(partial), whole input gave \(whole)",
                         sourceLocation: sourceLocation)
            break
        }
    }
    if case .complete(let head) = whole {
        checkRanges(head, count: input.count, sourceLocation: sourceLocation)
    }
    return whole
}

/// Records an issue if any range of `head` lies outside the head's own bytes.
func checkRanges(_ head: RequestHead, count: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    let inside = { (range: Range<Int>) in range.lowerBound >= 0 && range.upperBound <= head.length }
    #expect(head.length <= count, sourceLocation: sourceLocation)
    #expect(inside(head.target) && !head.target.isEmpty, sourceLocation: sourceLocation)
    #expect(head.host.map(inside) ?? true, sourceLocation: sourceLocation)
    #expect(head.headers.allSatisfy { inside($0.name) && inside($0.value) && !$0.name.isEmpty },
            sourceLocation: sourceLocation)
}

/// What a chunked decoder made of some input.
struct DecodeOutcome: Equatable, CustomStringConvertible {
    var body: [UInt8] = []
    var consumed = 0
    var isComplete = false
    var error: HTTPServerError?

    var description: String {
        "consumed \(consumed), body \(String(decoding: body, as: UTF8.self).debugDescription), "
            + "complete \(isComplete), error \(error.map { "\($0)" } ?? "none")"
    }
}

/// Feeds `input` to one decoder in pieces ending at each of `cuts` (then the rest), the way a
/// connection does: each call gets the bytes the previous calls left unconsumed plus the new ones.
func decodeChunked(_ input: [UInt8], cuts: [Int] = [], maxBodyBytes: Int = 1 << 20,
            maxTrailerBytes: Int = 8 * 1024) -> DecodeOutcome {
    var decoder = ChunkedDecoder(maxBodyBytes: maxBodyBytes, maxTrailerBytes: maxTrailerBytes)
    var outcome = DecodeOutcome()
    for cut in cuts + [input.count] where cut >= outcome.consumed {
        do {
            outcome.consumed += try input[outcome.consumed..<cut].withUnsafeBytes {
                try decoder.decode($0, into: &outcome.body)
            }
        } catch let error as HTTPServerError {
            // What earlier calls consumed before an error is of no use to anyone: leave it out.
            outcome.error = error
            outcome.consumed = 0
            break
        } catch {
            Issue.record("decode threw a foreign error: \(error)")
        }
    }
    outcome.isComplete = decoder.isComplete
    return outcome
}

/// Decodes `input` whole, split in two at every point, and one byte at a time, recording an issue
/// when any way of feeding it disagrees with the whole; returns the whole outcome.
@discardableResult
func decodeCheckingSplits(_ input: [UInt8], maxBodyBytes: Int = 1 << 20, maxTrailerBytes: Int = 8 * 1024,
                          sourceLocation: SourceLocation = #_sourceLocation) -> DecodeOutcome {
    let whole = decodeChunked(input, maxBodyBytes: maxBodyBytes, maxTrailerBytes: maxTrailerBytes)
    #expect(whole.consumed <= input.count, sourceLocation: sourceLocation)
    if whole.error == nil && !whole.isComplete {
        #expect(whole.consumed == input.count, "an unfinished body consumes everything",
                sourceLocation: sourceLocation)
    }
    for cut in 0...input.count {
        let split = decodeChunked(input, cuts: [cut], maxBodyBytes: maxBodyBytes, maxTrailerBytes: maxTrailerBytes)
        if split != whole {
            Issue.record("split at \(cut): \(split); whole: \(whole)", sourceLocation: sourceLocation)
            break
        }
    }
    let single = decodeChunked(input, cuts: Array(0..<input.count), maxBodyBytes: maxBodyBytes,
                        maxTrailerBytes: maxTrailerBytes)
    #expect(single == whole, "one byte at a time", sourceLocation: sourceLocation)
    return whole
}

/// What an in-memory server loop made of a byte stream (see `serveInMemory`).
enum ServeOutcome: Equatable, CustomStringConvertible {
    /// Every byte was part of a whole request.
    case served(requests: Int)
    /// The input ended inside a head or a body: a real connection would wait, then time out.
    case truncated(requests: Int)
    /// A request asked to close (or was HTTP/1.0 without keep-alive): later bytes are ignored.
    case closed(requests: Int)
    /// The parser or the chunked decoder refused the input after `requests` whole requests.
    case rejected(HTTPServerError, requests: Int)

    var description: String {
        switch self {
        case .served(let n): return "served(\(n))"
        case .truncated(let n): return "truncated(\(n))"
        case .closed(let n): return "closed(\(n))"
        case .rejected(let error, let n): return "rejected(\(error), after \(n))"
        }
    }
}

/// Runs a byte stream through the parser and the body framing it announces, like a connection
/// would, request after request.
///
/// - `injectingHost`: when a head is refused only for lacking Host, insert `Host: vectors.test`
///   after its request line and carry on, so framing is still exercised for Host-less vectors.
/// - `stopAfterFirst`: stop after the first request, for streams whose later bytes are another
///   protocol (llhttp pauses there on CONNECT and Upgrade).
func serveInMemory(_ input: [UInt8], parser: RequestParser = RequestParser(), injectingHost: Bool = false,
           stopAfterFirst: Bool = false) -> ServeOutcome {
    var stream = input
    var offset = 0
    var requests = 0
    while offset < stream.count {
        switch parser.parse(stream[offset...]) {
        case .incomplete:
            return .truncated(requests: requests)
        case .invalid(.missingHost) where injectingHost:
            guard let lineEnd = requestLineEnd(stream, from: offset) else { return .rejected(.missingHost, requests: requests) }
            stream.insert(contentsOf: latin1("Host: vectors.test\r\n"), at: lineEnd)
        case .invalid(let error):
            return .rejected(error, requests: requests)
        case .complete(let head):
            offset += head.length
            switch head.framing {
            case .none:
                break
            case .length(let length):
                guard stream.count - offset >= length else { return .truncated(requests: requests) }
                offset += length
            case .chunked:
                let body = decodeChunked(Array(stream[offset...]))
                if let error = body.error { return .rejected(error, requests: requests) }
                guard body.isComplete else { return .truncated(requests: requests) }
                offset += body.consumed
            }
            requests += 1
            if !head.keepAlive { return .closed(requests: requests) }
            if stopAfterFirst { return .served(requests: requests) }
        }
    }
    return .served(requests: requests)
}

/// The offset just after the CRLF of the request line starting at `offset` (after any empty lines).
private func requestLineEnd(_ stream: [UInt8], from offset: Int) -> Int? {
    var i = offset
    while i + 1 < stream.count, stream[i] == 0x0D, stream[i + 1] == 0x0A { i += 2 }
    while i + 1 < stream.count {
        if stream[i] == 0x0D && stream[i + 1] == 0x0A { return i + 2 }
        i += 1
    }
    return nil
}

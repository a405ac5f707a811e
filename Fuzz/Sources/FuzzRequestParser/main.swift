import CLibFuzzer
import HTTPServer

// libFuzzer harness for `RequestParser`. Built with `-parse-as-library`, so this file has no top-level
// code: libFuzzer supplies `main` and calls `LLVMFuzzerTestOneInput` once per input.
//
// Every input is parsed under two configurations (the defaults, and limits small enough for the fuzzer
// to cross), and each answer is checked against invariants that hold for any input: ranges inside the
// head, field bytes of the right classes, limits respected, and prefix monotonicity (a prefix of the
// input never answers differently, except `.incomplete`, and one more byte never changes an answer).

/// Traps, which libFuzzer reports as a crash, when an invariant fails. (`precondition` would be
/// compiled out under `-Ounchecked`; this never is.)
@inline(never)
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant violated: \(message())") }
}

/// Limits the fuzzer can reach with short inputs.
let tightLimits: HTTPLimits = {
    var limits = HTTPLimits()
    limits.maxHeaderBytes = 96
    limits.maxHeaderCount = 4
    limits.maxTargetLength = 24
    return limits
}()

/// The configurations every input runs under.
let parsers = [RequestParser(), RequestParser(limits: tightLimits)]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    for parser in parsers {
        let result = parser.parse(input)
        switch result {
        case .complete(let head): checkHead(head, input, parser.limits)
        case .incomplete: require(size <= parser.limits.maxHeaderBytes + 16, "incomplete beyond the size limit")
        case .invalid: break
        }
        checkPrefixes(parser, input, result)
        checkOneMoreByte(parser, input, result)
    }
    return 0
}

/// A complete head's ranges lie inside it and hold bytes of the right classes; limits hold.
func checkHead(_ head: RequestHead, _ input: UnsafeRawBufferPointer, _ limits: HTTPLimits) {
    let length = head.length
    require(length >= 4 && length <= input.count, "length \(length) of \(input.count)")
    require(Array(input[(length - 4)..<length]) == [13, 10, 13, 10], "head ends with CRLF CRLF")
    require(length <= limits.maxHeaderBytes + 16, "head bigger than the limit")
    let inHead = { (range: Range<Int>) in range.lowerBound >= 0 && range.upperBound <= length }
    require(inHead(head.target) && !head.target.isEmpty, "target range \(head.target)")
    require(head.target.count <= limits.maxTargetLength, "target longer than the limit")
    require(head.target.allSatisfy { (0x21...0x7E).contains(input[$0]) }, "target bytes")
    require(head.headers.count <= limits.maxHeaderCount, "more fields than the limit")
    var hostFields = 0, transferEncodingFields = 0
    for field in head.headers {
        require(inHead(field.name) && inHead(field.value) && !field.name.isEmpty, "field ranges")
        require(field.name.upperBound < field.value.lowerBound || field.value.isEmpty, "value after name")
        require(input[field.name.upperBound] == 0x3A, "colon right after the name")
        require(field.name.allSatisfy { isTokenByte(input[$0]) }, "name bytes")
        require(field.value.allSatisfy { isFieldByte(input[$0]) }, "value bytes")
        if let first = field.value.first, let last = field.value.last {
            require(!isWhitespace(input[first]) && !isWhitespace(input[last]), "value not trimmed")
        }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: input[field.name]), as: UTF8.self).lowercased()
        if name == "host" {
            hostFields += 1
            require(head.host == field.value, "host range is the Host field's value")
        }
        if name == "transfer-encoding" { transferEncodingFields += 1 }
    }
    require(hostFields <= 1 && (hostFields == 1) == (head.host != nil), "Host count")
    require(head.version == .http10 || head.host != nil, "HTTP/1.1 without Host")
    switch head.framing {
    case .length(let length): require(length > 0 && transferEncodingFields == 0, "length framing")
    case .chunked: require(head.version == .http11 && transferEncodingFields == 1, "chunked framing")
    case .none: require(transferEncodingFields == 0, "no framing with Transfer-Encoding")
    }
}

/// A prefix of the input answers `.incomplete` or exactly what the whole input answered.
func checkPrefixes(_ parser: RequestParser, _ input: UnsafeRawBufferPointer, _ result: ParseResult) {
    guard !input.isEmpty else { return }
    var cuts = [input.count - 1, input.count / 2, Int(hash(input) % UInt64(input.count))]
    if case .complete(let head) = result { cuts += [head.length, head.length - 1] }
    for cut in cuts {
        let partial = parser.parse(UnsafeRawBufferPointer(rebasing: input[0..<cut]))
        switch result {
        case .complete(let head):
            require(cut >= head.length ? partial == result : partial == .incomplete, "prefix \(cut) of a complete head")
        case .invalid:
            require(partial == .incomplete || partial == result, "prefix \(cut) of an invalid head: \(partial)")
        case .incomplete:
            require(partial == .incomplete, "prefix \(cut) of an incomplete head")
        }
    }
}

/// One more byte never changes a complete or invalid answer.
func checkOneMoreByte(_ parser: RequestParser, _ input: UnsafeRawBufferPointer, _ result: ParseResult) {
    guard result != .incomplete else { return }
    let longer = Array(input) + [UInt8(truncatingIfNeeded: hash(input))]
    let again = longer.withUnsafeBytes { parser.parse($0) }
    require(again == result, "one more byte changed \(result) into \(again)")
}

func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
    default: return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
    }
}

func isFieldByte(_ byte: UInt8) -> Bool { byte == 0x09 || (byte >= 0x20 && byte != 0x7F) }

func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x09 || byte == 0x20 }

/// FNV-1a, to pick a prefix and an extra byte that vary with the input but are reproducible.
func hash(_ input: UnsafeRawBufferPointer) -> UInt64 {
    input.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
}

/// The program's entry point. SwiftPM links executable targets with `--defsym main=FuzzRequestParser_main`
/// (so test targets can link executables); under `-parse-as-library` nothing defines that symbol, so
/// it is defined here and does what libFuzzer's own `main` does: run the driver with our callback.
@_cdecl("FuzzRequestParser_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzzRequestParser(data, size)
    }
}

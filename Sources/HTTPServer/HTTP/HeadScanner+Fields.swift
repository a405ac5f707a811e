/// The header fields whose meaning the parser itself needs; every other field is only located.
enum FieldKind {
    case other, host, contentLength, transferEncoding, connection, expect

    /// Classifies a field name (already proven to be a token) case-insensitively.
    init(base: UnsafeRawPointer, name: Range<Int>) {
        let at = name.lowerBound, n = name.count
        switch n {
        case 4 where base.equalsIgnoringCase(at: at, count: n, "host"): self = .host
        case 6 where base.equalsIgnoringCase(at: at, count: n, "expect"): self = .expect
        case 10 where base.equalsIgnoringCase(at: at, count: n, "connection"): self = .connection
        case 14 where base.equalsIgnoringCase(at: at, count: n, "content-length"): self = .contentLength
        case 17 where base.equalsIgnoringCase(at: at, count: n, "transfer-encoding"): self = .transferEncoding
        default: self = .other
        }
    }
}

/// What the fields seen so far say about framing, persistence and expectations.
struct FieldState {
    /// Content-Length digits beyond this are refused: 10^18 - 1 still fits an Int, and no body is that big.
    static let maxContentLengthDigits = 18

    let version: HTTPVersion
    var sawHost = false
    var host: Range<Int>?
    var sawContentLength = false
    var contentLength = 0
    var sawTransferEncoding = false
    var connectionClose = false
    var connectionKeepAlive = false
    var expectContinue = false

    init(version: HTTPVersion) { self.version = version }

    /// Refuses, as soon as its name is read, a field whose mere presence makes the framing ambiguous
    /// (RFC 9112 6.1, 6.3): its value cannot make it acceptable.
    mutating func noteName(_ kind: FieldKind) throws(ScanStop) {
        switch kind {
        case .host:
            guard !sawHost else { throw .invalid(.duplicateHost) }
            sawHost = true
        case .contentLength:
            guard !sawContentLength else { throw .invalid(.duplicateContentLength) }
            guard !sawTransferEncoding else { throw .invalid(.contentLengthWithTransferEncoding) }
            sawContentLength = true
        case .transferEncoding:
            guard version == .http11 else { throw .invalid(.transferEncodingInHTTP10) }
            guard !sawContentLength else { throw .invalid(.contentLengthWithTransferEncoding) }
            // A second field is a list split in two ("gzip" then "chunked"): never just "chunked".
            guard !sawTransferEncoding else { throw .invalid(.unsupportedTransferEncoding) }
            sawTransferEncoding = true
        case .other, .connection, .expect:
            break
        }
    }

    /// Checks the end of the head (RFC 9112 3.2, 6.3) and builds the result.
    ///
    /// `Content-Length: 0` gives `.none`: a zero-length body and no body are read the same way.
    /// `expectContinue` is only set when a body follows and the request is HTTP/1.1 (RFC 9110
    /// 10.1.1: a 1.0 request's expectation is ignored; with no content there is nothing to wait for).
    func finish(_ line: HeadScanner.RequestLine, headers: [HeaderRange], length: Int,
                method: HTTPMethod) throws(ScanStop) -> RequestHead {
        if version == .http11 && !sawHost { throw .invalid(.missingHost) }
        let framing: BodyFraming
        if sawTransferEncoding {
            framing = .chunked
        } else if sawContentLength && contentLength > 0 {
            framing = .length(contentLength)
        } else {
            framing = .none
        }
        let keepAlive = version == .http11 ? !connectionClose : connectionKeepAlive && !connectionClose
        return RequestHead(method: method, target: line.target, version: version, headers: headers,
                           framing: framing, keepAlive: keepAlive,
                           expectContinue: expectContinue && framing != .none && version == .http11,
                           host: host, length: length)
    }
}

extension HeadScanner {
    /// Refuses a value, not yet complete, that no continuation could make valid.
    ///
    /// Each check accepts exactly the prefixes of the values `applyValue` accepts, plus trailing
    /// whitespace, and fails with the same error; so an over-long Content-Length or a Transfer-Encoding
    /// other than `chunked` is refused while the line is still arriving.
    func checkPartialValue(_ kind: FieldKind, _ value: Range<Int>) throws(ScanStop) {
        switch kind {
        case .contentLength:
            let digitsEnd = skip(ByteClass.digit, from: value.lowerBound, to: value.upperBound)
            guard digitsEnd - value.lowerBound <= FieldState.maxContentLengthDigits,
                  skip(ByteClass.whitespace, from: digitsEnd, to: value.upperBound) == value.upperBound
            else { throw .invalid(.invalidContentLength) }
        case .transferEncoding:
            let wordEnd = skip(ByteClass.token, from: value.lowerBound, to: value.upperBound)
            guard base.isPrefixIgnoringCase(at: value.lowerBound, count: wordEnd - value.lowerBound, of: "chunked"),
                  skip(ByteClass.whitespace, from: wordEnd, to: value.upperBound) == value.upperBound
            else { throw .invalid(.unsupportedTransferEncoding) }
        case .host:
            let hostEnd = skip(ByteClass.host, from: value.lowerBound, to: value.upperBound)
            guard skip(ByteClass.whitespace, from: hostEnd, to: value.upperBound) == value.upperBound
            else { throw .invalid(.invalidHeaderValue) }
        case .other, .connection, .expect:
            break
        }
    }

    /// Applies a complete field value (OWS already trimmed) to the state, refusing invalid framing.
    func applyValue(_ kind: FieldKind, _ value: Range<Int>, to fields: inout FieldState) throws(ScanStop) {
        switch kind {
        case .other:
            return
        case .contentLength:
            // 1*DIGIT only: no sign, no inner space, no list, not even "5, 5" (RFC 9112 6.3 allows a
            // recipient to reject lists, and accepting them is how CL.CL desyncs start).
            guard !value.isEmpty, value.count <= FieldState.maxContentLengthDigits,
                  skip(ByteClass.digit, from: value.lowerBound, to: value.upperBound) == value.upperBound
            else { throw .invalid(.invalidContentLength) }
            var length = 0
            for i in value { length = length * 10 + Int(byte(i) &- 0x30) }
            fields.contentLength = length
        case .transferEncoding:
            // Only "chunked" alone: any other coding would have to be decoded under it (RFC 9112 6.1),
            // and a list gives proxies room to disagree about which coding is last.
            guard base.equalsIgnoringCase(at: value.lowerBound, count: value.count, "chunked") else {
                throw .invalid(.unsupportedTransferEncoding)
            }
        case .host:
            guard skip(ByteClass.host, from: value.lowerBound, to: value.upperBound) == value.upperBound else {
                throw .invalid(.invalidHeaderValue)
            }
            fields.host = value
        case .connection:
            applyConnectionOptions(value, to: &fields)
        case .expect:
            // 100-continue is the only expectation defined (RFC 9110 10.1.1); anything else is 417.
            guard base.equalsIgnoringCase(at: value.lowerBound, count: value.count, "100-continue") else {
                throw .invalid(.unsupportedExpectation)
            }
            fields.expectContinue = true
        }
    }

    /// Reads `close` and `keep-alive` from a comma-separated, case-insensitive option list.
    /// Other options (`upgrade`, hop-by-hop field names) are left to the layers that care.
    func applyConnectionOptions(_ value: Range<Int>, to fields: inout FieldState) {
        var i = value.lowerBound
        while i < value.upperBound {
            var optionEnd = i
            while optionEnd < value.upperBound, byte(optionEnd) != ASCII.comma { optionEnd += 1 }
            let start = skip(ByteClass.whitespace, from: i, to: optionEnd)
            var stop = optionEnd
            while stop > start, byte(stop - 1, isIn: ByteClass.whitespace) { stop -= 1 }
            if base.equalsIgnoringCase(at: start, count: stop - start, "close") {
                fields.connectionClose = true
            } else if base.equalsIgnoringCase(at: start, count: stop - start, "keep-alive") {
                fields.connectionKeepAlive = true
            }
            i = optionEnd + 1
        }
    }

    /// The first index at or after `start` (and before `end`) whose byte is not in `set`.
    @inline(__always)
    func skip(_ set: UInt8, from start: Int, to end: Int) -> Int {
        var i = start
        while i < end, byte(i, isIn: set) { i += 1 }
        return i
    }
}

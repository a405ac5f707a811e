/// Why a scan of a request head stopped before reaching its end.
enum ScanStop: Error {
    /// The bytes ran out (and no limit was crossed): ask again with more.
    case needMore
    /// The head can never become valid, whatever follows.
    case invalid(HTTPServerError)
}

/// One left-to-right pass over the bytes of a request head, from its first byte to the empty line.
///
/// It lives only inside `RequestParser.parse`: its pointers never outlive that call. Every check
/// happens at a fixed point of the input and looks only at bytes before that point, and the scan
/// stops at the first failing check. So a longer prefix of the same input can only turn `needMore`
/// into a result, never one error into another or an error into success ("prefix monotonicity"):
/// the tests feed every input one byte at a time and the fuzzer checks prefixes to hold us to it.
/// This is also what lets the server refuse a smuggling attempt before the head is even complete.
struct HeadScanner {
    /// Most empty lines skipped before a request line (RFC 9112 2.2 asks for at least one).
    static let maxLeadingEmptyLines = 8
    /// Headers array capacity reserved up front: a browser sends 8-15 fields; one growth is rare.
    static let reservedHeaderCount = 16

    let base: UnsafeRawPointer
    let count: Int
    let classes: UnsafePointer<UInt8>
    let maxHeaderBytes: Int
    let maxHeaderCount: Int
    let maxTargetLength: Int
    /// Scanning never reads at or past this: the buffer's end, or `maxHeaderBytes` after the
    /// request line's first byte when that comes first.
    var end: Int
    /// The next byte to look at.
    var p = 0

    init(base: UnsafeRawPointer, count: Int, classes: UnsafePointer<UInt8>, limits: HTTPLimits) {
        self.base = base
        self.count = count
        self.classes = classes
        self.maxHeaderBytes = limits.maxHeaderBytes
        self.maxHeaderCount = limits.maxHeaderCount
        self.maxTargetLength = limits.maxTargetLength
        self.end = count
    }

    @inline(__always) func byte(_ i: Int) -> UInt8 { base.load(fromByteOffset: i, as: UInt8.self) }

    /// Whether the byte at `i` is in any of the `ByteClass` flags `set`.
    @inline(__always) func byte(_ i: Int, isIn set: UInt8) -> Bool { classes[Int(byte(i))] & set != 0 }

    /// The stop for reaching `end`: 431 when it was the size limit, not the data, that ended the scan.
    var exhausted: ScanStop { count > end ? .invalid(.headersTooLarge) : .needMore }

    /// Scans a whole head or throws why it cannot (yet).
    mutating func scanHead() throws(ScanStop) -> RequestHead {
        try skipLeadingEmptyLines()
        if count - p > maxHeaderBytes { end = p + maxHeaderBytes }
        let line = try scanRequestLine()
        var fields = FieldState(version: line.version)
        var headers: [HeaderRange] = []
        headers.reserveCapacity(min(Self.reservedHeaderCount, max(maxHeaderCount, 0)))
        while true {
            guard p < end else { throw exhausted }
            let first = byte(p)
            if first == ASCII.cr {
                guard p + 1 < end else { throw exhausted }
                guard byte(p + 1) == ASCII.lf else { throw .invalid(.bareCarriageReturn) }
                p += 2
                return try fields.finish(line, headers: headers, length: p, method: method(of: line))
            }
            // A line starting with whitespace is obs-fold, or whitespace before the first field
            // (RFC 9112 2.2, 5.2): both are refused rather than unfolded.
            if first == ASCII.space || first == ASCII.tab { throw .invalid(.obsoleteLineFolding) }
            guard headers.count < maxHeaderCount else { throw .invalid(.tooManyHeaders) }
            headers.append(try scanField(into: &fields))
        }
    }

    /// Skips the CRLFs a client may send between requests (RFC 9112 2.2); a bare LF is refused.
    mutating func skipLeadingEmptyLines() throws(ScanStop) {
        var skipped = 0
        while p < end, byte(p) == ASCII.cr {
            guard skipped < Self.maxLeadingEmptyLines else { throw .invalid(.malformedRequestLine) }
            guard p + 1 < end else { throw exhausted }
            guard byte(p + 1) == ASCII.lf else { throw .invalid(.malformedRequestLine) }
            p += 2
            skipped += 1
        }
    }

    /// Scans one `field-name ":" OWS field-value OWS CRLF` line and applies what it means.
    mutating func scanField(into fields: inout FieldState) throws(ScanStop) -> HeaderRange {
        let nameStart = p
        while p < end, byte(p, isIn: ByteClass.token) { p += 1 }
        guard p < end else { throw exhausted }
        // Anything but a colon right after the name, whitespace included (RFC 9112 5.1), is refused:
        // a proxy that trims "Content-Length :" would frame the message differently from one that doesn't.
        guard byte(p) == ASCII.colon, p > nameStart else { throw .invalid(.invalidHeaderName) }
        let name = nameStart..<p
        let kind = FieldKind(base: base, name: name)
        try fields.noteName(kind)
        p += 1
        while p < end, byte(p, isIn: ByteClass.whitespace) { p += 1 }
        let valueStart = p
        skipFieldContent()
        if !(p + 1 < end && byte(p) == ASCII.cr && byte(p + 1) == ASCII.lf) {
            // Before any error about the byte that ended the value, report what is already wrong with
            // the value so far: that was found earlier in the input (see the type's comment).
            try checkPartialValue(kind, valueStart..<p)
            guard p < end else { throw exhausted }
            guard byte(p) == ASCII.cr else { throw .invalid(.invalidHeaderValue) }
            guard p + 1 < end else { throw exhausted }
            throw .invalid(.bareCarriageReturn)
        }
        var valueEnd = p
        while valueEnd > valueStart, byte(valueEnd - 1, isIn: ByteClass.whitespace) { valueEnd -= 1 }
        p += 2
        try applyValue(kind, valueStart..<valueEnd, to: &fields)
        return HeaderRange(name: name, value: valueStart..<valueEnd)
    }
}

extension HeadScanner {
    /// The request line's parts once it has been scanned.
    struct RequestLine {
        /// `nil` for an extension method, whose name is only turned into a String at the end.
        var knownMethod: HTTPMethod?
        var method: Range<Int>
        var target: Range<Int>
        var version: HTTPVersion
    }

    /// The method, creating a String only for an extension method (the one allocation besides headers).
    func method(of line: RequestLine) -> HTTPMethod {
        if let known = line.knownMethod { return known }
        let bytes = UnsafeRawBufferPointer(start: base + line.method.lowerBound, count: line.method.count)
        return .other(String(decoding: bytes, as: UTF8.self))
    }
}

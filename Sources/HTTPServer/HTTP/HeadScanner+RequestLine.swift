extension HeadScanner {
    /// Scans `method SP request-target SP HTTP-version CRLF` (RFC 9112 3), exactly one SP each time.
    mutating func scanRequestLine() throws(ScanStop) -> RequestLine {
        let methodStart = p
        while p < end, byte(p, isIn: ByteClass.token) { p += 1 }
        guard p < end else { throw exhausted }
        let afterMethod = byte(p)
        guard afterMethod == ASCII.space, p > methodStart else {
            // A line that starts with whitespace or ends early is not a request line at all; a
            // non-token byte inside the first word is a bad method.
            let lineBreak = afterMethod == ASCII.cr || afterMethod == ASCII.lf
            throw .invalid(p == methodStart || lineBreak ? .malformedRequestLine : .invalidMethod)
        }
        let method = methodStart..<p
        let knownMethod = Self.knownMethod(base: base, method)
        p += 1

        let targetStart = p
        // Stop one byte past the longest allowed target so a never-ending target is refused early.
        let targetBound = end - targetStart > maxTargetLength ? targetStart + maxTargetLength + 1 : end
        skipTarget(to: targetBound)
        if p - targetStart > maxTargetLength { throw .invalid(.targetTooLong) }
        guard p < end else { throw exhausted }
        let afterTarget = byte(p)
        guard afterTarget == ASCII.space, p > targetStart else {
            let lineBreak = afterTarget == ASCII.cr || afterTarget == ASCII.lf
            throw .invalid(p == targetStart || lineBreak ? .malformedRequestLine : .invalidTarget)
        }
        let target = targetStart..<p
        guard isAllowedTarget(target, for: knownMethod) else { throw .invalid(.invalidTarget) }
        p += 1

        let version = try scanVersion()
        return RequestLine(knownMethod: knownMethod, method: method, target: target, version: version)
    }

    /// Scans `HTTP/DIGIT.DIGIT CRLF`, byte by byte so a wrong protocol is refused as soon as it shows.
    ///
    /// A well-formed version other than 1.0 or 1.1 is 505 the moment its second digit arrives,
    /// whatever follows: deciding later would let a longer prefix change the error.
    mutating func scanVersion() throws(ScanStop) -> HTTPVersion {
        let name: StaticString = "HTTP/"
        for i in 0..<name.utf8CodeUnitCount {
            guard try next() == name.utf8Start[i] else { throw .invalid(.malformedRequestLine) }
        }
        let major = try next()
        guard classes[Int(major)] & ByteClass.digit != 0, try next() == ASCII.period else {
            throw .invalid(.malformedRequestLine)
        }
        let minor = try next()
        guard classes[Int(minor)] & ByteClass.digit != 0 else { throw .invalid(.malformedRequestLine) }
        let version: HTTPVersion
        switch (major, minor) {
        case (0x31, 0x31): version = .http11
        case (0x31, 0x30): version = .http10
        default: throw .invalid(.unsupportedVersion)
        }
        guard try next() == ASCII.cr, try next() == ASCII.lf else { throw .invalid(.malformedRequestLine) }
        return version
    }

    /// The byte at the cursor, which then moves past it.
    @inline(__always)
    mutating func next() throws(ScanStop) -> UInt8 {
        guard p < end else { throw exhausted }
        p += 1
        return byte(p - 1)
    }

    /// The standard method a token names (case-sensitive, RFC 9110 9.1), or `nil` for an extension method.
    static func knownMethod(base: UnsafeRawPointer, _ range: Range<Int>) -> HTTPMethod? {
        let at = range.lowerBound, n = range.count
        switch n {
        case 3:
            if base.equals(at: at, count: n, "GET") { return .get }
            if base.equals(at: at, count: n, "PUT") { return .put }
        case 4:
            if base.equals(at: at, count: n, "POST") { return .post }
            if base.equals(at: at, count: n, "HEAD") { return .head }
        case 5:
            if base.equals(at: at, count: n, "PATCH") { return .patch }
            if base.equals(at: at, count: n, "TRACE") { return .trace }
        case 6:
            if base.equals(at: at, count: n, "DELETE") { return .delete }
        case 7:
            if base.equals(at: at, count: n, "OPTIONS") { return .options }
            if base.equals(at: at, count: n, "CONNECT") { return .connect }
        default:
            break
        }
        return nil
    }

    /// Whether the target has a form the method may use (RFC 9112 3.2): origin-form `/...` and
    /// absolute-form `http(s)://authority...` for all but CONNECT, which takes only authority-form,
    /// and asterisk-form `*` for OPTIONS alone.
    func isAllowedTarget(_ target: Range<Int>, for method: HTTPMethod?) -> Bool {
        if method == .connect { return isAuthorityForm(target) }
        let first = byte(target.lowerBound)
        if first == ASCII.slash { return true }
        if first == ASCII.asterisk && target.count == 1 { return method == .options }
        return isAbsoluteForm(target)
    }

    /// `http://` or `https://` (scheme case-insensitive, RFC 9110 4.2) followed by a non-empty authority.
    func isAbsoluteForm(_ target: Range<Int>) -> Bool {
        let at = target.lowerBound
        let schemeLength: Int
        if target.count > 7 && base.equalsIgnoringCase(at: at, count: 7, "http://") {
            schemeLength = 7
        } else if target.count > 8 && base.equalsIgnoringCase(at: at, count: 8, "https://") {
            schemeLength = 8
        } else {
            return false
        }
        // An http(s) URI with an empty host is invalid (RFC 9110 4.2.1): "http:///x", "http://?q".
        let authorityFirst = byte(at + schemeLength)
        return authorityFirst != ASCII.slash && authorityFirst != 0x3F && authorityFirst != 0x23
    }

    /// `uri-host ":" port` (RFC 9112 3.2.3): host bytes, then a colon and one to five digits.
    func isAuthorityForm(_ target: Range<Int>) -> Bool {
        var colon = target.upperBound - 1
        while colon >= target.lowerBound, byte(colon) != ASCII.colon { colon -= 1 }
        let portLength = target.upperBound - colon - 1
        guard colon > target.lowerBound, (1...5).contains(portLength) else { return false }
        for i in (colon + 1)..<target.upperBound where !byte(i, isIn: ByteClass.digit) { return false }
        for i in target.lowerBound..<colon where !byte(i, isIn: ByteClass.host) { return false }
        return true
    }
}

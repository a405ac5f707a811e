/// The character classes of RFC 9110 / RFC 9112 as bit flags in one 256-entry table.
///
/// The request parser and the chunked decoder classify every byte with a single load from this
/// table instead of a chain of range comparisons (picohttpparser and llhttp do the same). One table
/// with flag bits, rather than a table per class, keeps the whole thing in four cache lines.
enum ByteClass {
    /// `tchar` (RFC 9110 5.6.2): the characters of a method, a field name, a coding or a chunk-extension name.
    static let token: UInt8 = 1 << 0
    /// `field-vchar / SP / HTAB` (RFC 9110 5.5): any byte of a field value; excludes CTLs, DEL, CR and LF.
    static let fieldContent: UInt8 = 1 << 1
    /// `VCHAR` without obs-text: the bytes allowed in a request-target (`%x21-7E`).
    static let target: UInt8 = 1 << 2
    /// The bytes of `uri-host [ ":" port ]` (RFC 3986 reg-name, IP-literal and port): unreserved,
    /// pct-encoded, sub-delims, `:`, `[` and `]`. Deliberately a character check, not a grammar.
    static let host: UInt8 = 1 << 3
    /// `HEXDIG`, both cases: the bytes of a chunk size.
    static let hexDigit: UInt8 = 1 << 4
    /// `SP / HTAB`: optional whitespace (OWS, RFC 9110 5.6.3).
    static let whitespace: UInt8 = 1 << 5
    /// `DIGIT`: the bytes of Content-Length and of a port.
    static let digit: UInt8 = 1 << 6
    /// `qdtext` (RFC 9110 5.6.4): what a quoted string holds without escaping.
    static let quotedText: UInt8 = 1 << 7

    /// `table[byte]` is the union of the flags above that `byte` belongs to.
    static let table: [UInt8] = (0...255).map { flags(of: UInt8($0)) }

    /// The flags of one byte, spelled out from the ABNF so the table can be checked by reading.
    private static func flags(of byte: UInt8) -> UInt8 {
        let isAlpha = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        let isDigit = (0x30...0x39).contains(byte)
        let isVisible = (0x21...0x7E).contains(byte)
        let isObsText = byte >= 0x80
        let isWhitespace = byte == ASCII.space || byte == ASCII.tab
        var flags: UInt8 = 0
        if isAlpha || isDigit || contains("!#$%&'*+-.^_`|~", byte) { flags |= token }
        if isVisible || isObsText || isWhitespace { flags |= fieldContent }
        if isVisible { flags |= target }
        if isAlpha || isDigit || contains("-._~!$&'()*+,;=%:[]", byte) { flags |= host }
        if isDigit || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte) { flags |= hexDigit }
        if isWhitespace { flags |= whitespace }
        if isDigit { flags |= digit }
        if (isVisible && byte != ASCII.quote && byte != ASCII.backslash) || isObsText || isWhitespace {
            flags |= quotedText
        }
        return flags
    }

    private static func contains(_ set: StaticString, _ byte: UInt8) -> Bool {
        set.withUTF8Buffer { $0.contains(byte) }
    }
}

/// The few bytes the HTTP grammar names, so scanning code reads as the RFC does.
enum ASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let equals: UInt8 = 0x3D
    static let comma: UInt8 = 0x2C
    static let slash: UInt8 = 0x2F
    static let asterisk: UInt8 = 0x2A
    static let quote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C
    static let period: UInt8 = 0x2E
    static let openBracket: UInt8 = 0x5B
}

extension UnsafeRawPointer {
    /// Whether the `literal.count` bytes at `offset` equal `literal`, ignoring ASCII case.
    ///
    /// `literal` must be lowercase. OR-ing 0x20 folds case; it can only confuse a letter with a
    /// control character (0x01-0x1A map onto 0x21-0x3A, never onto a letter, but e.g. 0x0D maps
    /// onto `-`), and every caller compares bytes it has already proven to be tokens or field
    /// content, which exclude controls.
    @inline(__always)
    func equalsIgnoringCase(at offset: Int, count: Int, _ literal: StaticString) -> Bool {
        count == literal.utf8CodeUnitCount && isPrefixIgnoringCase(at: offset, count: count, of: literal)
    }

    /// Whether the `count` bytes at `offset` are the start of `literal`, ignoring ASCII case (as above).
    @inline(__always)
    func isPrefixIgnoringCase(at offset: Int, count: Int, of literal: StaticString) -> Bool {
        guard count <= literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for i in 0..<count where load(fromByteOffset: offset + i, as: UInt8.self) | 0x20 != expected[i] {
            return false
        }
        return true
    }

    /// Whether the `count` bytes at `offset` equal `literal` exactly (method names are case-sensitive).
    @inline(__always)
    func equals(at offset: Int, count: Int, _ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for i in 0..<count where load(fromByteOffset: offset + i, as: UInt8.self) != expected[i] {
            return false
        }
        return true
    }
}

import FleetCore

/// Why bytes could not be decoded as an SNMP message.
public enum BERDecodeError: Error, Sendable, Equatable {
    /// The input ends before an element does: a prefix of something longer, or a length that lies.
    case truncated
    /// Anything else that is not the X.690 subset SNMP uses: wrong tag, indefinite or huge length,
    /// an overflowing number, too many bindings, bytes left over.
    case invalid(String)
}

/// Limits that keep a hostile packet from costing more than a fixed amount of work and memory.
enum BERLimits {
    /// No element may claim more than this; a UDP datagram cannot carry more anyway.
    static let maxElementLength = 65_535
    /// SNMP caps an OID at 128 sub-identifiers (RFC 2578 §3.5).
    static let maxOIDComponents = 128
    /// Bindings per message; the smallest binding takes 7 bytes, so 64 KiB could hold about 9,000.
    static let maxVarBinds = 2_048
}

/// A bounds-checked cursor over the bytes of one BER element's contents. Every read checks against
/// `end` first, so no input can read outside the buffer; the buffer never leaves the decode call
/// that created it. Nesting is bounded by the fixed shape of an SNMP message: a constructed tag
/// where a value is expected is refused, never descended into.
struct BERReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    let end: Int

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        position = 0
        end = bytes.count
    }

    private init(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) {
        self.bytes = bytes
        position = start
        self.end = end
    }

    var isAtEnd: Bool { position >= end }
    var remaining: Int { end - position }

    /// Reads one tag and definite length; returns the tag and a reader over exactly the contents,
    /// and moves past the element.
    mutating func element() throws(BERDecodeError) -> (tag: UInt8, contents: BERReader) {
        guard position < end else { throw .truncated }
        let tag = bytes[position]
        // High tag numbers (low five bits all set) never occur in SNMP.
        guard tag & 0x1F != 0x1F else { throw .invalid("multi-octet tag") }
        guard position + 1 < end else { throw .truncated }
        let first = bytes[position + 1]
        var cursor = position + 2
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else if first == 0x80 {
            throw .invalid("indefinite length")
        } else {
            let count = Int(first & 0x7F)
            // Four octets already exceed any length we accept; more is hostile.
            guard count <= 4 else { throw .invalid("length of \(count) octets") }
            guard count <= end - cursor else { throw .truncated }
            for _ in 0..<count {
                length = length << 8 | Int(bytes[cursor])
                cursor += 1
            }
        }
        guard length <= BERLimits.maxElementLength else { throw .invalid("length \(length) over 64 KiB") }
        guard length <= end - cursor else { throw .truncated }
        position = cursor + length
        return (tag, BERReader(bytes, from: cursor, to: cursor + length))
    }

    /// Reads an element that must carry `tag`.
    mutating func expect(_ tag: UInt8, _ what: String) throws(BERDecodeError) -> BERReader {
        let (found, contents) = try element()
        guard found == tag else { throw .invalid("\(what): tag 0x\(String(found, radix: 16)), expected 0x\(String(tag, radix: 16))") }
        return contents
    }

    /// Fails unless every byte was consumed: a SEQUENCE with leftovers is not what its sender meant.
    func finish(_ what: String) throws(BERDecodeError) {
        guard isAtEnd else { throw .invalid("\(remaining) bytes left over in \(what)") }
    }

    /// The remaining contents as an array.
    var contentBytes: [UInt8] { Array(UnsafeRawBufferPointer(rebasing: bytes[position..<end])) }

    // MARK: primitive contents (called on a contents reader)

    /// A two's complement INTEGER of 1...8 octets. Non-minimal encodings are accepted (some agents
    /// send them); the encoder never produces them.
    func signedInteger() throws(BERDecodeError) -> Int64 {
        guard remaining >= 1 else { throw .invalid("empty INTEGER") }
        guard remaining <= 8 else { throw .invalid("INTEGER of \(remaining) octets") }
        var value: Int64 = bytes[position] & 0x80 != 0 ? -1 : 0
        for index in position..<end { value = value << 8 | Int64(bytes[index]) }
        return value
    }

    /// An unsigned application integer (Counter32, Gauge32, TimeTicks, Counter64) of at most
    /// `bits` bits: one extra leading zero octet is allowed, since the encoding is two's complement.
    /// A set top bit is read as unsigned, as agents that forget the zero octet mean it.
    func unsignedInteger(bits: Int) throws(BERDecodeError) -> UInt64 {
        guard remaining >= 1 else { throw .invalid("empty unsigned integer") }
        var start = position
        if remaining == bits / 8 + 1 {
            guard bytes[start] == 0 else { throw .invalid("unsigned integer overflows \(bits) bits") }
            start += 1
        }
        guard end - start <= bits / 8 else { throw .invalid("unsigned integer of \(remaining) octets") }
        var value: UInt64 = 0
        for index in start..<end { value = value << 8 | UInt64(bytes[index]) }
        return value
    }

    /// An OBJECT IDENTIFIER: the first sub-identifier packs two arcs; each is base-128 with no
    /// leading 0x80 octet (overlong) and must fit 32 bits.
    func objectIdentifier() throws(BERDecodeError) -> OID {
        guard remaining >= 1 else { throw .invalid("empty OBJECT IDENTIFIER") }
        var components: [UInt32] = []
        var index = position
        var first = true
        while index < end {
            guard bytes[index] != 0x80 else { throw .invalid("overlong sub-identifier") }
            var value: UInt64 = 0
            while true {
                guard index < end else { throw .invalid("sub-identifier runs past the OID") }
                let byte = bytes[index]
                index += 1
                value = value << 7 | UInt64(byte & 0x7F)
                // The packed first sub-identifier may reach 2^32 + 79; others must fit 32 bits.
                guard value <= UInt64(UInt32.max) + 80 else { throw .invalid("sub-identifier overflows") }
                if byte & 0x80 == 0 { break }
            }
            if first {
                first = false
                let (arc1, arc2): (UInt64, UInt64) = value < 40 ? (0, value) : value < 80 ? (1, value - 40) : (2, value - 80)
                guard arc2 <= UInt64(UInt32.max) else { throw .invalid("sub-identifier overflows") }
                components.append(UInt32(arc1))
                components.append(UInt32(arc2))
            } else {
                guard value <= UInt64(UInt32.max) else { throw .invalid("sub-identifier overflows") }
                guard components.count < BERLimits.maxOIDComponents else { throw .invalid("OID over 128 sub-identifiers") }
                components.append(UInt32(value))
            }
        }
        return OID(components)
    }
}

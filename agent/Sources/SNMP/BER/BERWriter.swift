import FleetCore

/// Builds minimal BER: shortest length form, shortest two's complement integers, no padding.
/// Minimal encodings are what keep our traffic small, so the writer never offers another form.
struct BERWriter {
    private(set) var bytes: [UInt8] = []
    /// Set when something could not be encoded (an OID no agent could decode); checked by the caller,
    /// so encoding needs no error plumbing through every closure.
    private(set) var failure: String?

    init() { bytes.reserveCapacity(128) }

    /// Writes a constructed element: the tag, a length patched in after `body` ran, the contents.
    mutating func constructed(_ tag: UInt8, _ body: (inout BERWriter) -> Void) {
        bytes.append(tag)
        let lengthAt = bytes.count
        bytes.append(0)
        body(&self)
        let length = bytes.count - lengthAt - 1
        if length < 0x80 {
            bytes[lengthAt] = UInt8(length)
        } else {
            let octets = Self.bigEndianOctets(UInt64(length))
            bytes[lengthAt] = 0x80 | UInt8(octets.count)
            bytes.insert(contentsOf: octets, at: lengthAt + 1)
        }
    }

    /// Writes a primitive element with the given contents.
    mutating func primitive(_ tag: UInt8, _ contents: [UInt8]) {
        bytes.append(tag)
        appendLength(contents.count)
        bytes.append(contentsOf: contents)
    }

    /// An INTEGER in the fewest two's complement octets (X.690 §8.3.2).
    mutating func integer(_ value: Int64, tag: UInt8 = 0x02) {
        var count = 8
        // Drop a leading octet while the next one's sign bit still says the same thing.
        while count > 1 {
            let rest = value >> ((count - 1) * 8 - 1)
            guard rest == 0 || rest == -1 else { break }
            count -= 1
        }
        bytes.append(tag)
        bytes.append(UInt8(count))
        for shift in stride(from: (count - 1) * 8, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }

    /// Unsigned application integers are still two's complement on the wire: a set top bit needs
    /// a leading zero octet.
    mutating func unsigned(_ value: UInt64, tag: UInt8) {
        var octets = Self.bigEndianOctets(value)
        if octets[0] & 0x80 != 0 { octets.insert(0, at: 0) }
        primitive(tag, octets)
    }

    /// An IpAddress must be four octets; anything else would not decode.
    mutating func ipAddress(_ octets: [UInt8]) {
        if octets.count != 4 { failure = "IpAddress of \(octets.count) octets" }
        primitive(0x40, octets)
    }

    /// NULL, or one of the v2c exceptions, which share its empty contents.
    mutating func null(tag: UInt8 = 0x05) {
        bytes.append(tag)
        bytes.append(0)
    }

    /// An OBJECT IDENTIFIER, the first two arcs packed as 40 × first + second (X.690 §8.19.4);
    /// an OID that cannot be packed so sets `failure`.
    mutating func objectIdentifier(_ oid: OID) {
        let parts = oid.components
        guard parts.count >= 2, parts.count <= BERLimits.maxOIDComponents, parts[0] <= 2,
              parts[0] == 2 || parts[1] < 40 else {
            failure = "OID \(oid) cannot be encoded"
            primitive(0x06, [0])
            return
        }
        var contents: [UInt8] = []
        contents.reserveCapacity(parts.count + 4)
        Self.appendBase128(UInt64(parts[0]) * 40 + UInt64(parts[1]), to: &contents)
        for part in parts.dropFirst(2) { Self.appendBase128(UInt64(part), to: &contents) }
        primitive(0x06, contents)
    }

    private mutating func appendLength(_ length: Int) {
        if length < 0x80 {
            bytes.append(UInt8(length))
        } else {
            let octets = Self.bigEndianOctets(UInt64(length))
            bytes.append(0x80 | UInt8(octets.count))
            bytes.append(contentsOf: octets)
        }
    }

    /// The value's big-endian octets without leading zeros (one zero octet for zero).
    static func bigEndianOctets(_ value: UInt64) -> [UInt8] {
        var count = 1
        while count < 8, value >> (count * 8) != 0 { count += 1 }
        return (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    /// Seven bits per octet, most significant first, the high bit set on all but the last.
    static func appendBase128(_ value: UInt64, to out: inout [UInt8]) {
        var count = 1
        while count < 10, value >> (count * 7) != 0 { count += 1 }
        for index in (0..<count).reversed() {
            let group = UInt8(truncatingIfNeeded: value >> (index * 7)) & 0x7F
            out.append(index == 0 ? group : group | 0x80)
        }
    }
}

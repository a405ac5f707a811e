/// Parser for snmpsim's `.snmprec` format: one `OID|type|value` line per variable binding, where
/// type is the BER tag number in decimal (2 INTEGER, 4 OCTET STRING, 5 NULL, 6 OID, 64 IpAddress,
/// 65 Counter32, 66 Gauge32, 67 TimeTicks, 68 Opaque, 70 Counter64, 128-130 the v2c exceptions) and
/// a trailing `x` on the type says the value is written in hex. Recordings feed the reading logic in
/// tests and benchmarks exactly as a live walk would.
public enum SNMPRecording {
    /// A line that cannot be understood, with its 1-based number so a fixture can be fixed.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "snmprec line \(line): \(reason)" }
    }

    /// Parses a whole recording into a view (keys sorted once at the end); the first bad line throws.
    public static func parse(_ text: String) throws -> MIBView {
        let (view, errors) = parseLenient(text)
        if let first = errors.first { throw first }
        return view
    }

    /// Parses what can be parsed and reports the rest: real recordings carry the odd damaged value
    /// (okilan_9450g has a Counter32 of "6git3159"), which a simulator would not serve either.
    public static func parseLenient(_ text: String) -> (view: MIBView, errors: [ParseError]) {
        var view = MIBView()
        var errors: [ParseError] = []
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty || line.hasPrefix("#") { continue }
            do {
                let (oid, value) = try parseLine(Substring(line), number: number)
                view.set(oid, value)
            } catch let error as ParseError {
                errors.append(error)
            } catch {
                errors.append(ParseError(line: number, reason: "\(error)"))
            }
        }
        view.sort()
        return (view, errors)
    }

    /// One `OID|type|value` line. The value may itself contain `|`, so only the first two split.
    static func parseLine(_ line: Substring, number: Int) throws -> (OID, SNMPValue) {
        let parts = line.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw ParseError(line: number, reason: "expected OID|type|value") }
        guard let oid = OID(String(parts[0])) else { throw ParseError(line: number, reason: "bad OID \(parts[0])") }
        var tag = Substring(parts[1])
        let isHex = tag.hasSuffix("x")
        if isHex { tag = tag.dropLast() }
        guard let type = Int(tag) else { throw ParseError(line: number, reason: "bad type \(parts[1])") }
        let text = String(parts[2])
        let octets: [UInt8]
        if isHex {
            guard let decoded = hexBytes(text) else { throw ParseError(line: number, reason: "bad hex value") }
            octets = decoded
        } else {
            octets = Array(text.utf8)
        }
        guard let value = makeValue(type: type, text: text, octets: octets, isHex: isHex) else {
            throw ParseError(line: number, reason: "value \(text) does not fit type \(type)")
        }
        return (oid, value)
    }

    /// Builds the value of one tag; numbers are read from text, or big-endian from hex octets.
    private static func makeValue(type: Int, text: String, octets: [UInt8], isHex: Bool) -> SNMPValue? {
        func unsigned() -> UInt64? {
            if isHex { return octets.count <= 8 ? octets.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } : nil }
            return UInt64(text)
        }
        switch type {
        case 2:
            if isHex {
                guard let raw = unsigned(), !octets.isEmpty else { return nil }
                let shift = UInt64(64 - 8 * octets.count)
                return .integer(Int64(bitPattern: raw << shift) >> Int64(shift))
            }
            return Int64(text).map(SNMPValue.integer)
        case 4: return .octetString(octets)
        case 5: return .null
        case 6: return OID(text).map(SNMPValue.objectIdentifier)
        case 64:
            if isHex { return octets.count == 4 ? .ipAddress(octets) : nil }
            let parts = text.split(separator: ".").compactMap { UInt8($0) }
            return parts.count == 4 ? .ipAddress(parts) : nil
        case 65: return unsigned().flatMap(UInt32.init(exactly:)).map(SNMPValue.counter32)
        case 66: return unsigned().flatMap(UInt32.init(exactly:)).map(SNMPValue.gauge32)
        case 67: return unsigned().flatMap(UInt32.init(exactly:)).map(SNMPValue.timeTicks)
        case 68: return .opaque(octets)
        case 70: return unsigned().map(SNMPValue.counter64)
        case 128: return .noSuchObject
        case 129: return .noSuchInstance
        case 130: return .endOfMibView
        default: return nil
        }
    }

    /// Decodes an even-length run of hex digits (either case); nil on anything else.
    static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            result.append(high << 4 | low)
            index += 2
        }
        return result
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

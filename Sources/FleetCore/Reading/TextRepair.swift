/// Cleaning of the text devices send: descriptions padded with NULs, HP's "text\nHEX HEX .." form
/// (the first 16 characters as text, the rest as a hex dump of the remaining bytes, seen in the
/// jetdirect_m880 recording), HP PML strings prefixed with two binary octets, IEEE 1284 device IDs.
public enum TextRepair {
    /// Octets as clean text: HP hex dumps decoded, NULs and control characters dropped, surrounding
    /// whitespace trimmed; nil when nothing is left.
    public static func clean(_ octets: [UInt8]) -> String? {
        var text = decode(octets)
        if let repaired = decodeHexTail(text) { text = repaired }
        let kept = text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }
        let result = String(String.UnicodeScalarView(kept)).trimmingWhitespace()
        return result.isEmpty ? nil : result
    }

    /// UTF-8 when valid, else ISO 8859-1 (every octet is a character), so no byte is lost.
    static func decode(_ octets: [UInt8]) -> String {
        if let text = String(validating: octets, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(octets.map { Unicode.Scalar($0) }))
    }

    /// "text\nHH HH ..\nHH": when every token after the first line is one hex octet, the octets
    /// continue the text.
    static func decodeHexTail(_ text: String) -> String? {
        guard let newline = text.firstIndex(of: "\n") else { return nil }
        let head = text[..<newline]
        let tokens = text[text.index(after: newline)...].split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" })
        guard !tokens.isEmpty else { return nil }
        var octets: [UInt8] = []
        for token in tokens {
            guard token.count == 2, let byte = UInt8(token, radix: 16) else { return nil }
            octets.append(byte)
        }
        return String(head) + decode(octets)
    }

    /// The value of `KEY:` in an IEEE 1284 device ID ("MFG:HP;MDL:LaserJet;"), first key found.
    public static func deviceIDField(_ deviceID: String, keys: [String]) -> String? {
        let fields = deviceID.split(separator: ";")
        for key in keys {
            for field in fields {
                let trimmed = field.trimmingWhitespace()
                guard let colon = trimmed.firstIndex(of: ":") else { continue }
                if trimmed[..<colon].uppercased() == key.uppercased() {
                    let value = trimmed[trimmed.index(after: colon)...].trimmingWhitespace()
                    if !value.isEmpty { return value }
                }
            }
        }
        return nil
    }

    /// A serial embedded in a supply description: Xerox ", PN x;SNy", Samsung "S/N:x".
    /// "unknown" is the absence of a serial, not one.
    public static func embeddedSerial(_ description: String) -> String? {
        for marker in [";SN", "S/N:"] {
            guard let range = description.range(of: marker) else { continue }
            let serial = description[range.upperBound...].prefix { !$0.isWhitespace && $0 != ";" && $0 != "," }
            if !serial.isEmpty, serial.lowercased() != "unknown" { return String(serial) }
        }
        return nil
    }

    /// The colour a supply description names ("Toner (Cyan)", "Black Drum"), nil when none or
    /// several base colours are named.
    public static func colour(fromDescription description: String) -> String? {
        let words = description.lowercased().split(whereSeparator: { !$0.isLetter })
        let names: [String: String] = [
            "black": "black", "cyan": "cyan", "magenta": "magenta", "yellow": "yellow",
            "schwarz": "black", "noir": "black", "gelb": "yellow", "jaune": "yellow",
            "gray": "gray", "grey": "gray",
        ]
        var found: [String] = []
        for (position, word) in words.enumerated() {
            guard let base = names[String(word)] else { continue }
            let previous = position > 0 ? String(words[position - 1]) : ""
            let name = ["light", "photo", "matte"].contains(previous) ? "\(previous)_\(base)" : base
            if !found.contains(name) { found.append(name) }
        }
        return found.count == 1 ? found[0] : nil
    }

    /// A colorant name from prtMarkerColorantValue ("black", "Light Cyan") as snake_case.
    public static func colourName(_ value: String) -> String? {
        let words = value.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return words.isEmpty ? nil : words.joined(separator: "_")
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}

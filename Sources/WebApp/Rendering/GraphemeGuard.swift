/// Keeps HTML escaping whole. swift-mustache escapes a value character by character, where a
/// character is a grapheme cluster: `"` followed by a combining mark (U+0301) is ONE character that is
/// not `"`, so it would reach an attribute unescaped and end it early. Before rendering, every string
/// in the values gets a zero-width space (U+200B) between such a character and the mark that follows,
/// which splits the cluster so the quote is escaped like any other. Text without `"'<>&` is untouched.
enum GraphemeGuard {
    /// `value` with every string inside it (dictionaries and arrays walked) made safe.
    static func defuse(_ value: Any) -> Any {
        switch value {
        case let text as String: return defuse(text)
        case let object as [String: Any]: return object.mapValues(defuse)
        case let list as [[String: Any]]: return list.map { $0.mapValues(defuse) }
        case let list as [Any]: return list.map(defuse)
        default: return value
        }
    }

    static func defuse(_ text: String) -> String {
        guard text.utf8.contains(where: { special.contains($0) }) else { return text }
        var scalars = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            // Exactly Swift's (and so the escaper's) segmentation: would the two form one character?
            if let special = previous, String(String.UnicodeScalarView([special, scalar])).count == 1 {
                scalars.append("\u{200B}")
            }
            scalars.append(scalar)
            previous = scalar.isASCII && Self.special.contains(UInt8(scalar.value)) ? scalar : nil
        }
        return String(scalars)
    }

    private static let special: Set<UInt8> = [UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "<"), UInt8(ascii: ">"),
                                              UInt8(ascii: "&")]
}

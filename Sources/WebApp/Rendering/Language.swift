/// A language the web interface is translated into. The raw value is the BCP 47 primary tag used in
/// `<html lang>`, in the catalog's file name (`Locales/pl.json`) and in the user's stored preference.
public enum Language: String, CaseIterable, Sendable, Hashable {
    case en, pl, nl, de

    /// The language when nothing else decides.
    public static let fallback = Language.en

    /// The best match for an `Accept-Language` header (RFC 9110 12.5.4): ranges are tried by
    /// descending q-value, ties keep the header's order; `pl-PL` matches `pl`; `*` takes the fallback;
    /// `q=0` excludes a language. Malformed entries are skipped, never an error.
    public static func negotiate(_ header: String?) -> Language { match(header) ?? fallback }

    /// The header's best match, or nil when it names none of our languages (`*` names the fallback).
    public static func match(_ header: String?) -> Language? {
        guard let header, !header.isEmpty else { return nil }
        var ranges: [(tag: Substring, q: Double, order: Int)] = []
        for (order, item) in header.split(separator: ",").enumerated() {
            let parts = item.split(separator: ";")
            guard let first = parts.first else { continue }
            let tag = first.trimmingASCIIWhitespace()
            guard !tag.isEmpty else { continue }
            var q = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.trimmingASCIIWhitespace().split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].lowercased() == "q" else { continue }
                guard let value = Double(pair[1].trimmingASCIIWhitespace()), value >= 0, value <= 1 else { q = -1; break }
                q = value
            }
            if q > 0 { ranges.append((tag, q, order)) }
        }
        ranges.sort { $0.q != $1.q ? $0.q > $1.q : $0.order < $1.order }
        for range in ranges {
            if range.tag == "*" { return fallback }
            let primary = range.tag.split(separator: "-", maxSplits: 1).first.map { $0.lowercased() } ?? ""
            if let language = Language(rawValue: primary) { return language }
        }
        return nil
    }

    /// The user's stored choice when it names a known language, else the header's best match, else
    /// `organization`'s language (the organization's setting), else English.
    public static func choose(preference: String?, acceptLanguage: String?, organization: String? = nil) -> Language {
        if let preference, let language = Language(rawValue: preference) { return language }
        if let language = match(acceptLanguage) { return language }
        return organization.flatMap(Language.init(rawValue:)) ?? fallback
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    func trimmingASCIIWhitespace() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}

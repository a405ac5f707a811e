/// A path pattern: literal segments, `:name` parameters (one segment) and a final `*name` (the rest).
public struct RoutePattern: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case rest(String)
    }

    public let text: String
    let segments: [Segment]

    public init(_ text: String) {
        self.text = text
        segments = text.split(separator: "/", omittingEmptySubsequences: true).map { part in
            if part.hasPrefix(":") { return .parameter(String(part.dropFirst())) }
            if part.hasPrefix("*") { return .rest(String(part.dropFirst())) }
            return .literal(String(part))
        }
    }

    /// Whether the pattern has no parameters (it is then looked up by hashing).
    var isExact: Bool { segments.allSatisfy { if case .literal = $0 { return true } else { return false } } }

    /// Whether `path` (percent-encoded, as requested) matches the pattern.
    public func matches(_ path: String) -> Bool { match(path) != nil }

    /// The decoded parameters when `path` matches, else nil. A parameter whose escapes do not decode
    /// (or decode to `/`, which would let one segment pose as two) does not match.
    func match(_ path: String) -> [String: String]? {
        match(path.split(separator: "/", omittingEmptySubsequences: true))
    }

    /// The same, for a path already split into its segments.
    func match(_ parts: [Substring]) -> [String: String]? {
        var parameters: [String: String] = [:]
        var index = 0
        for segment in segments {
            switch segment {
            case .literal(let literal):
                guard index < parts.count, parts[index] == literal else { return nil }
            case .parameter(let name):
                guard index < parts.count, let value = PercentDecoding.decode(parts[index]), !value.contains("/") else { return nil }
                parameters[name] = value
            case .rest(let name):
                let rest = parts[index...].joined(separator: "/")
                parameters[name] = rest
                return parameters
            }
            index += 1
        }
        return index == parts.count ? parameters : nil
    }
}

import Foundation
import Mustache

/// The translations of one language: every user-visible text of the web interface, by dotted key
/// (`nav.users`). Templates reach them as `{{t.nav.users}}` (escaped like any value); handlers call
/// `text(_:_:)`, which fills `{name}` placeholders.
public struct Catalog: Sendable {
    public let language: Language
    /// Every key and its text, flattened (`"nav.users": "Users"`).
    public let texts: [String: String]
    /// The same texts as a tree, the shape the template engine walks for dotted names.
    let tree: Node

    /// A group of texts or one text; a `MustacheParent` so `{{t.nav.users}}` walks it without reflection.
    struct Node: Sendable, MustacheParent {
        var text: String?
        var children: [String: Node] = [:]

        func child(named name: String) -> Any? {
            guard let node = children[name] else { return nil }
            return node.text ?? node
        }
    }

    /// Builds a catalog from a nested JSON object whose leaves are strings.
    public init(language: Language, json: Data) throws {
        guard let object = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw WebAppError.catalogInvalid(language.rawValue, "the top level is not an object")
        }
        var texts: [String: String] = [:]
        try Catalog.flatten(object, prefix: "", into: &texts, language: language)
        self.init(language: language, texts: texts)
    }

    /// Builds a catalog from flattened keys.
    public init(language: Language, texts: [String: String]) {
        self.language = language
        self.texts = texts
        var root = Node()
        for (key, value) in texts {
            root.insert(value, at: key.split(separator: ".")[...])
        }
        self.tree = root
    }

    /// The text of `key` with `{name}` placeholders replaced by `arguments`; the key itself when it is
    /// missing (tests make sure none is).
    public func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
        guard var text = texts[key] else { return key }
        for (name, value) in arguments {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    /// Whether `key` names a text.
    public func contains(_ key: String) -> Bool { texts[key] != nil }

    private static func flatten(_ object: [String: Any], prefix: String, into texts: inout [String: String],
                                language: Language) throws {
        for (name, value) in object {
            let key = prefix.isEmpty ? name : prefix + "." + name
            guard !name.isEmpty, !name.contains(".") else {
                throw WebAppError.catalogInvalid(language.rawValue, "bad key \"\(key)\"")
            }
            switch value {
            case let text as String: texts[key] = text
            case let group as [String: Any]: try flatten(group, prefix: key, into: &texts, language: language)
            default: throw WebAppError.catalogInvalid(language.rawValue, "\"\(key)\" is neither a text nor an object")
            }
        }
    }
}

extension Catalog.Node {
    fileprivate mutating func insert(_ text: String, at path: ArraySlice<Substring>) {
        guard let head = path.first else { self.text = text; return }
        var child = children[String(head)] ?? Catalog.Node()
        child.insert(text, at: path.dropFirst())
        children[String(head)] = child
    }
}

import Foundation
import Mustache

/// Every template under `Templates/`, parsed once at start with swift-mustache.
///
/// A file `Templates/pages/users/list.mustache` is registered as `pages.users.list`: swift-mustache
/// accepts `/` in a partial's name but not in the closing tag of an inherited layout
/// (`{{/layout/base}}` fails to parse), so dots stand in for slashes. Loading refuses a syntax error,
/// a reference to a template that does not exist and any unescaped tag (`{{{x}}}`, `{{& x}}`): every
/// value reaches HTML escaped, without exception.
public struct TemplateRenderer: Sendable {
    private let library: MustacheLibrary
    /// The registered names, sorted.
    public let names: [String]

    /// Loads every `*.mustache` file under `directory`; throws on the first problem.
    public init(directory: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WebAppError.directoryMissing(directory)
        }
        var sources: [String: (file: String, text: String)] = [:]
        for relative in try TemplateRenderer.templateFiles(under: directory) {
            let path = directory + "/" + relative
            guard let data = FileManager.default.contents(atPath: path) else { throw WebAppError.templateUnreadable(relative) }
            let name = String(relative.dropLast(".mustache".count)).replacingOccurrences(of: "/", with: ".")
            sources[name] = (relative, String(decoding: data, as: UTF8.self))
        }
        try self.init(sources: sources)
    }

    /// Parses templates given as text, keyed by registered name (`file` names them in errors).
    init(sources: [String: (file: String, text: String)]) throws {
        var library = MustacheLibrary()
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            try TemplateRenderer.checkEscaping(source.text, file: source.file)
            do {
                library.register(try MustacheTemplate(string: source.text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw WebAppError.templateSyntax(file: source.file, line: error.context.lineNumber,
                                                 column: error.context.columnNumber, detail: "\(error.error)")
            }
        }
        for (name, source) in sources {
            for reference in TemplateRenderer.references(in: source.text) where sources[reference] == nil {
                throw WebAppError.templateSyntax(file: source.file, line: 0, column: 0,
                                                 detail: "refers to \(reference), which does not exist (from \(name))")
            }
        }
        self.library = library
        self.names = sources.keys.sorted()
    }

    /// Renders template `name` with `context` (dictionaries, arrays, strings, numbers, Bools, structs).
    public func render(_ name: String, context: Any) throws -> String {
        guard let html = library.render(context, withTemplate: name) else { throw WebAppError.templateMissing(name) }
        return html
    }

    /// Whether a template called `name` was loaded.
    public func contains(_ name: String) -> Bool { library.getTemplate(named: name) != nil }

    /// Refuses `{{{...}}}` and `{{& ...}}`, the two ways to print a value unescaped.
    static func checkEscaping(_ text: String, file: String) throws {
        var line = 1
        var previous: Character = "\n"
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\n" { line += 1 }
            if previous == "{", character == "{" {
                let rest = text[text.index(after: index)...].drop { $0 == " " }
                if rest.first == "{" || rest.first == "&" {
                    throw WebAppError.templateSyntax(file: file, line: line, column: 0,
                                                     detail: "unescaped tags are not allowed; every value is HTML-escaped")
                }
            }
            previous = character
            index = text.index(after: index)
        }
    }

    /// Names used in `{{> name}}` and `{{< name}}` tags.
    static func references(in text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let kind = rest.first, kind == ">" || kind == "<", let close = rest.range(of: "}}") else { continue }
            let name = rest[rest.index(after: rest.startIndex)..<close.lowerBound].trimmingASCIIWhitespace()
            if !name.isEmpty { found.append(String(name)) }
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// Relative paths of `*.mustache` files, sorted; dotfiles skipped.
    private static func templateFiles(under root: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { throw WebAppError.directoryMissing(root) }
        var files: [String] = []
        for case let path as String in enumerator where path.hasSuffix(".mustache") {
            if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            files.append(path)
        }
        return files.sorted()
    }
}

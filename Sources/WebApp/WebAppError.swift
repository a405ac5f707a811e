/// What can go wrong while the web interface starts (templates, catalogs, folders). Requests never
/// throw these: a handler answers every failure with a page.
public enum WebAppError: Error, CustomStringConvertible {
    case directoryMissing(String)
    case templateSyntax(file: String, line: Int, column: Int, detail: String)
    case templateUnreadable(String)
    case templateMissing(String)
    case catalogMissing(String)
    case catalogInvalid(String, String)

    public var description: String {
        switch self {
        case .directoryMissing(let name): "no \(name)/ directory found next to the working directory or the executable"
        case .templateSyntax(let file, let line, let column, let detail): "template \(file):\(line):\(column): \(detail)"
        case .templateUnreadable(let file): "template \(file) cannot be read"
        case .templateMissing(let name): "template \(name) does not exist"
        case .catalogMissing(let path): "translation catalog \(path) is missing"
        case .catalogInvalid(let language, let detail): "translation catalog \(language): \(detail)"
        }
    }
}

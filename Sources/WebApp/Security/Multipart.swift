import Foundation
import HTTPServer

/// A strict, bounded `multipart/form-data` parser (RFC 7578 on RFC 2046's syntax). Every line ends
/// in CRLF; each part has a `Content-Disposition: form-data; name=...` header; the body must end with
/// the close delimiter. Anything else — a bare LF, a folded or oversized header, a text field that is
/// not UTF-8, too many parts, a boundary string followed by junk — makes the whole form invalid (nil).
enum Multipart {
    struct Part {
        let name: String
        let filename: String?
        let contentType: String?
        let body: ArraySlice<UInt8>
    }

    struct Limits {
        var parts = 64
        var headerBytes = 4096
        var fieldBytes = 64 * 1024
        var bodyBytes = 8 * 1024 * 1024
    }

    private static let crlf: [UInt8] = [13, 10]

    /// The `boundary` parameter of a `multipart/form-data` content type (token or quoted string),
    /// when it is 1 to 70 of RFC 2046's `bchars` not ending in a space.
    static func boundary(contentType: String) -> String? {
        guard let semicolon = contentType.firstIndex(of: ";"),
              let parameters = HeaderParameters.parse(Array(contentType[semicolon...].utf8)) else { return nil }
        guard let value = parameters["boundary"], (1...70).contains(value.utf8.count), !value.hasSuffix(" ") else { return nil }
        let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ".utf8)
        return value.utf8.allSatisfy(allowed.contains) ? value : nil
    }

    static func parse(_ body: [UInt8], boundary: String, limits: Limits = Limits()) -> [Part]? {
        guard body.count <= limits.bodyBytes else { return nil }
        let dash = Array(("--" + boundary).utf8)
        let delimiter = crlf + dash
        // A preamble is allowed only when it ends in CRLF before the first delimiter.
        var position: Int
        if body.starts(with: dash) {
            position = dash.count
        } else if let found = find(delimiter, in: body, from: 0) {
            position = found + delimiter.count
        } else {
            return nil
        }
        var parts: [Part] = []
        while true {
            guard let next = afterDelimiter(body, position) else { return nil }
            if next.closed { return parts }
            guard parts.count < limits.parts else { return nil }
            guard let head = headers(body, from: next.position, limit: limits.headerBytes),
                  let end = find(delimiter, in: body, from: head.end) else { return nil }
            let content = body[head.end..<end]
            if head.filename == nil, content.count > limits.fieldBytes { return nil }
            if head.filename == nil, String(validating: content, as: UTF8.self) == nil { return nil }
            parts.append(Part(name: head.name, filename: head.filename, contentType: head.contentType, body: content))
            position = end + delimiter.count
        }
    }

    /// After a boundary: `--` closes the body (an epilogue may follow after CRLF); otherwise optional
    /// transport padding (spaces, tabs) and CRLF start the next part.
    private static func afterDelimiter(_ body: [UInt8], _ start: Int) -> (closed: Bool, position: Int)? {
        if body.count >= start + 2, body[start] == 45, body[start + 1] == 45 {
            let rest = start + 2
            guard rest == body.count || body[rest...].starts(with: crlf) else { return nil }
            return (true, body.count)
        }
        var index = start
        while index < body.count, body[index] == 32 || body[index] == 9 { index += 1 }
        guard body[index...].starts(with: crlf) else { return nil }
        return (false, index + 2)
    }

    /// A part's header block: CRLF-terminated `Name: value` lines up to an empty line.
    private static func headers(_ body: [UInt8], from start: Int,
                                limit: Int) -> (name: String, filename: String?, contentType: String?, end: Int)? {
        var index = start
        var disposition: [UInt8]?
        var contentType: String?
        while true {
            guard let lineEnd = find(crlf, in: body, from: index), lineEnd - start <= limit else { return nil }
            let line = body[index..<lineEnd]
            index = lineEnd + 2
            if line.isEmpty { break }
            // No folding, no bare CR or LF, no NUL inside a line.
            guard let first = line.first, first != 32, first != 9, !line.contains(13), !line.contains(10), !line.contains(0),
                  let colon = line.firstIndex(of: 58), colon > line.startIndex else { return nil }
            let tokenBytes = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
            guard line[line.startIndex..<colon].allSatisfy(tokenBytes.contains) else { return nil }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
            let value = Array(line[(colon + 1)...].drop { $0 == 32 || $0 == 9 })
            switch name {
            case "content-disposition":
                guard disposition == nil else { return nil }
                disposition = value
            case "content-type":
                guard contentType == nil, let text = String(validating: value, as: UTF8.self) else { return nil }
                contentType = text.trimmingCharacters(in: .whitespaces)
            default:
                continue
            }
        }
        guard let disposition, let semicolon = disposition.firstIndex(of: 59),
              String(decoding: disposition[..<semicolon], as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased() == "form-data",
              let parameters = HeaderParameters.parse(Array(disposition[semicolon...])),
              let name = parameters["name"], !name.isEmpty else { return nil }
        return (name, parameters["filename"], contentType, index)
    }

    /// The first index at or after `start` where `pattern` occurs in `bytes`.
    static func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        var index = start
        let last = bytes.count - pattern.count
        while index <= last {
            if bytes[index] == first, bytes[index..<index + pattern.count].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}

/// `; name=value; name="quoted \" value"` parameters of a header (RFC 9110 5.6.6), names lower-cased.
/// Nil on a syntax error or a parameter given twice.
enum HeaderParameters {
    static func parse(_ bytes: [UInt8]) -> [String: String]? {
        let token = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        var result: [String: String] = [:]
        var index = 0
        func skipSpace() { while index < bytes.count, bytes[index] == 32 || bytes[index] == 9 { index += 1 } }
        while true {
            skipSpace()
            if index == bytes.count { return result }
            guard bytes[index] == 59 else { return nil }  // ;
            index += 1
            skipSpace()
            if index == bytes.count { return result }  // a trailing ";" is tolerated
            let nameStart = index
            while index < bytes.count, token.contains(bytes[index]) { index += 1 }
            guard index > nameStart else { return nil }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
            skipSpace()
            guard index < bytes.count, bytes[index] == 61 else { return nil }  // =
            index += 1
            skipSpace()
            var value: [UInt8] = []
            if index < bytes.count, bytes[index] == 34 {  // quoted-string
                index += 1
                var closed = false
                while index < bytes.count {
                    let byte = bytes[index]
                    index += 1
                    if byte == 34 { closed = true; break }
                    if byte == 92 {
                        guard index < bytes.count else { return nil }
                        value.append(bytes[index])
                        index += 1
                    } else {
                        guard byte >= 32 || byte == 9, byte != 127 else { return nil }
                        value.append(byte)
                    }
                }
                guard closed else { return nil }
            } else {
                while index < bytes.count, token.contains(bytes[index]) { value.append(bytes[index]); index += 1 }
                guard !value.isEmpty else { return nil }
            }
            guard result[name] == nil, let text = String(validating: value, as: UTF8.self) else { return nil }
            result[name] = text
        }
    }
}

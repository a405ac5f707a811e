import Foundation
import HTTPServer

/// The fields of a POST body: an `application/x-www-form-urlencoded` form (`+` as space) or a
/// `multipart/form-data` one (RFC 7578; file parts are kept apart, see `file(_:)`).
///
/// The body's size is bounded before it is read (each POST route sets `maxBodyBytes`); here we only
/// refuse what is not a form, and keep the first value of a repeated field.
public struct FormData: Sendable {
    private var values: [String: String] = [:]
    private var order: [String] = []
    private var files: [String: FormFile] = [:]

    /// The form of a POST, or nil when the content type is neither form type, the body is not UTF-8
    /// (URL-encoded), or a multipart body breaks the rules `Multipart.parse` checks.
    public init?(request: HTTPRequest) {
        guard let contentType = request.header("Content-Type") else { return nil }
        let type = contentType.split(separator: ";", omittingEmptySubsequences: false).first?.trimmingASCIIWhitespace().lowercased()
        switch type {
        case "application/x-www-form-urlencoded":
            guard let text = String(validating: request.body, as: UTF8.self) else { return nil }
            self.init(encoded: text)
        case "multipart/form-data":
            guard let boundary = Multipart.boundary(contentType: contentType),
                  let parts = Multipart.parse(request.body, boundary: boundary) else { return nil }
            self.init(parts: parts)
        default:
            return nil
        }
    }

    /// Parses `a=1&b=x+y`.
    public init(encoded: String) {
        for (name, value) in PercentDecoding.formItems(encoded) where values[name] == nil {
            values[name] = value
            order.append(name)
        }
    }

    /// Builds a form from decoded pairs (tests).
    public init(_ pairs: [(String, String)]) {
        for (name, value) in pairs where values[name] == nil {
            values[name] = value
            order.append(name)
        }
    }

    /// The fields and files of parsed multipart parts; the first part of a name wins.
    init(parts: [Multipart.Part]) {
        for part in parts where values[part.name] == nil && files[part.name] == nil {
            if let filename = part.filename {
                files[part.name] = FormFile(name: part.name, filename: filename, contentType: part.contentType,
                                            bytes: Array(part.body))
            } else if let text = String(validating: part.body, as: UTF8.self) {
                values[part.name] = text
                order.append(part.name)
            }
        }
    }

    /// The field's value, or nil when absent.
    public subscript(name: String) -> String? { values[name] }

    /// The field's value with surrounding whitespace removed; "" when absent.
    public func trimmed(_ name: String) -> String {
        (values[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Field names in the order sent (file parts not included).
    public var names: [String] { order }

    /// The file sent in part `name` of a multipart form, or nil.
    public func file(_ name: String) -> FormFile? { files[name] }
}

/// One file of a multipart form. `filename` is what the browser said (empty when no file was chosen)
/// and `contentType` its guess: neither is to be trusted.
public struct FormFile: Sendable, Equatable {
    public let name: String
    public let filename: String
    public let contentType: String?
    public let bytes: [UInt8]
}

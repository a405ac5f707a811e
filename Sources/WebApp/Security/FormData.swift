import Foundation
import HTTPServer

/// The fields of an `application/x-www-form-urlencoded` body, decoded (`+` as space).
///
/// The body's size is bounded before it is read (each POST route sets `maxBodyBytes`); here we only
/// refuse what is not a form, and keep the first value of a repeated field.
public struct FormData: Sendable {
    private var values: [String: String] = [:]
    private var order: [String] = []

    /// The form of a POST, or nil when the content type is not a URL-encoded form or the body is not UTF-8.
    public init?(request: HTTPRequest) {
        let type = request.header("Content-Type")?.split(separator: ";").first?.trimmingASCIIWhitespace().lowercased()
        guard type == "application/x-www-form-urlencoded" else { return nil }
        guard let text = String(validating: request.body, as: UTF8.self) else { return nil }
        self.init(encoded: text)
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

    /// The field's value, or nil when absent.
    public subscript(name: String) -> String? { values[name] }

    /// The field's value with surrounding whitespace removed; "" when absent.
    public func trimmed(_ name: String) -> String {
        (values[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Field names in the order sent.
    public var names: [String] { order }
}

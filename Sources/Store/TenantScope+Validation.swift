import Foundation

/// One problem with one field of a form or request body. `code` is a stable key (`email.invalid`)
/// that the web layer translates and the API returns as is.
public struct FieldError: Sendable, Equatable, Codable {
    public let field: String
    public let code: String
    public init(_ field: String, _ code: String) { self.field = field; self.code = code }
}

/// The outcome of a save: the stored value, or why nothing was stored.
public enum SaveResult<Value: Sendable>: Sendable {
    case saved(Value)
    case invalid([FieldError])
}

/// Validators shared by the web forms and the REST API (Miniflux's shape: one validator, two callers).
public enum Validate {
    public static let languages = ["en", "pl", "nl", "de"]
    public static let minimumPasswordLength = 10

    /// A deliberately plain check (RFC 5321 limits, one `@`, a dotted domain, no spaces or controls);
    /// the real proof of an address is mail reaching it.
    public static func email(_ email: String, into errors: inout [FieldError]) {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        let ok = email.utf8.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[0].utf8.count <= 64
            && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && !email.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
        if !ok { errors.append(FieldError("email", "email.invalid")) }
    }

    public static func password(_ password: String, field: String = "password", into errors: inout [FieldError]) {
        if password.count < minimumPasswordLength { errors.append(FieldError(field, "password.too_short")) }
        else if password.utf8.count > 1024 { errors.append(FieldError(field, "password.too_long")) }
    }

    /// Free text shown to others: bounded, no control characters (HTML is fine: it is escaped on output).
    public static func text(_ value: String, field: String, required: Bool, maximum: Int, into errors: inout [FieldError]) {
        if required && value.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(FieldError(field, "\(field).required")) }
        else if value.count > maximum { errors.append(FieldError(field, "\(field).too_long")) }
        else if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            errors.append(FieldError(field, "\(field).invalid"))
        }
    }

    public static func language(_ value: String?, into errors: inout [FieldError]) {
        if let value, !languages.contains(value) { errors.append(FieldError("language", "language.invalid")) }
    }

    public static func timeZone(_ value: String, into errors: inout [FieldError]) {
        if TimeZone(identifier: value) == nil { errors.append(FieldError("time_zone", "time_zone.invalid")) }
    }

    /// E-mail addresses are kept lower-cased and trimmed, so sign-in is case-insensitive.
    public static func normalizedEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}

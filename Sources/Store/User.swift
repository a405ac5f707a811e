import Foundation

/// A person who signs in. The password hash never leaves the Store except to the sign-in check.
public struct User: Sendable, Equatable {
    public let id: Int64
    public let organizationID: Int64
    public var email: String
    public var displayName: String
    public var role: Role
    public var language: String?
    public var isActive: Bool
    public let createdAt: Date

    /// The one place a row becomes a `User`.
    init(row: Row) throws(StoreError) {
        id = try row.int64("id")
        organizationID = try row.int64("organization_id")
        email = try row.string("email")
        displayName = try row.string("display_name")
        guard let role = Role(rawValue: try row.string("role")) else { throw .decoding(column: "role") }
        self.role = role
        language = try row.optionalString("language")
        isActive = try row.bool("is_active")
        createdAt = try row.date("created_at")
    }

    static let columns: SQL = "id, organization_id, email, display_name, role, language, is_active, created_at"
}

/// What a form or API call supplies to create a user; `passwordHash` is made by the caller (the
/// Secrets module) after `validate` accepted the plaintext, so the Store never sees a password.
public struct UserDraft: Sendable {
    public var email: String
    public var displayName: String
    public var role: Role?
    public var language: String?
    public var organizationID: Int64

    public init(email: String, displayName: String, role: Role?, language: String? = nil, organizationID: Int64) {
        self.email = Validate.normalizedEmail(email)
        self.displayName = displayName
        self.role = role
        self.language = language
        self.organizationID = organizationID
    }

    /// Field errors for the draft and the plaintext password it will be created with.
    public func validate(password: String) -> [FieldError] {
        var errors = validate()
        Validate.password(password, into: &errors)
        return errors
    }

    /// Field errors for the draft alone (the Store checks these again before it inserts).
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        Validate.email(email, into: &errors)
        Validate.text(displayName, field: "display_name", required: false, maximum: 100, into: &errors)
        if role == nil { errors.append(FieldError("role", "role.invalid")) }
        Validate.language(language, into: &errors)
        return errors
    }
}

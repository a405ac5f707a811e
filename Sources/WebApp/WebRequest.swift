import HTTPServer
import Store

/// One request as web handlers see it: the HTTP request plus what the pipeline worked out — the
/// language, the session (who, with what reach), the anti-forgery token for forms, the form fields of
/// a POST and a one-time message left by the previous redirect.
struct WebRequest: Sendable {
    let http: HTTPRequest
    let language: Language
    let catalog: Catalog
    /// The signed-in session, or nil for a visitor.
    let session: Session?
    /// The session cookie's value (sign-out and password changes need it), or nil.
    let sessionToken: String?
    /// The token every form of this page embeds (`AntiForgery.field`).
    let csrfToken: String
    /// The fields of a POST (already checked for the anti-forgery token); empty for GET.
    let form: FormData
    /// The catalog key of a message to show once, from the redirect that led here.
    let flash: String?

    /// The signed-in user's reach. Only called on routes that require a session.
    var scope: TenantScope { session!.scope }

    /// The time zone dates are shown in: the signed-in user's organization's, else UTC.
    var timeZone: String { session?.organization.timeZone ?? "UTC" }

    /// Whether the signed-in user may change the fleet (managers and admins).
    var canManage: Bool { session?.user.role.canManage ?? false }

    /// A path parameter that must be a positive integer id.
    func id(_ name: String = "id") -> Int64? {
        guard let text = http.parameters[name], let value = Int64(text), value > 0 else { return nil }
        return value
    }

    /// The translated text of `key`.
    func text(_ key: String, _ arguments: [String: String] = [:]) -> String { catalog.text(key, arguments) }
}

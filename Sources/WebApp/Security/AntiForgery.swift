import HTTPServer
import Secrets

/// Cross-site request forgery defences for every form POST.
///
/// 1. A token in every form, compared in constant time. Signed in, it is the session's own random
///    token (stored with the session, new at every sign-in). Before sign-in it is an HMAC-SHA256 keyed
///    by a random `HttpOnly` visitor cookie, so it needs no storage and works on every `serve` process.
/// 2. The browser's own word: a POST whose `Sec-Fetch-Site` says `cross-site`/`same-site`, or whose
///    `Origin` names another host (or `null`), is refused before its token is looked at.
/// `SameSite=Lax` cookies are the third layer: a cross-site POST arrives without them.
public enum AntiForgery {
    /// The name of the hidden form field.
    public static let field = "csrf_token"

    /// The token to embed in a visitor's forms, derived from their visitor cookie `seed`.
    public static func token(seed: String) -> String {
        Base64.encode(Tokens.hmacSHA256(key: Array(seed.utf8), message: Array("printercare-csrf-v1".utf8)), urlSafe: true)
    }

    /// Whether `submitted` equals `expected` (constant time); false when either is missing.
    public static func verify(submitted: String?, expected: String?) -> Bool {
        guard let submitted, let expected, !submitted.isEmpty, !expected.isEmpty else { return false }
        return Tokens.equal(submitted, expected)
    }

    /// Whether the request's `Sec-Fetch-Site` and `Origin` (when the browser sent them) say it came
    /// from one of our own pages.
    public static func isSameOrigin(_ request: HTTPRequest) -> Bool {
        if let site = request.header("Sec-Fetch-Site")?.lowercased(), site != "same-origin", site != "none" {
            return false
        }
        guard let origin = request.header("Origin") else { return true }
        guard let host = request.header("Host")?.lowercased(), let separator = origin.range(of: "://") else { return false }
        return origin[separator.upperBound...].lowercased() == host
    }
}

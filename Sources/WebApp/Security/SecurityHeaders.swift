import HTTPServer

/// The headers every web page carries, and `Cache-Control: no-store` for pages with user data.
public enum SecurityHeaders {
    /// Only our own files may run, style or frame anything: no inline script or style anywhere.
    public static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

    /// Adds the policy headers (without replacing ones a handler chose) and, unless the handler set
    /// its own, `Cache-Control: no-store` — every web page shows something of the signed-in user.
    public static func apply(to response: inout HTTPResponse) {
        set(&response, "Content-Security-Policy", contentSecurityPolicy)
        set(&response, "X-Content-Type-Options", "nosniff")
        set(&response, "Referrer-Policy", "same-origin")
        set(&response, "X-Frame-Options", "DENY")
        set(&response, "Cache-Control", "no-store")
    }

    private static func set(_ response: inout HTTPResponse, _ name: String, _ value: String) {
        if !response.headers.contains(name) { response.headers.add(name, value) }
    }
}

import HTTPServer

/// What a web handler answers; the pipeline turns it into an `HTTPResponse` with the layout, the
/// security headers and the cookies. Handlers read as guard, guard, guard, do, `return .page(...)`.
enum WebResponse {
    /// A page with its title key and its own values (merged over the layout's).
    case page(PageTemplate, title: String, values: [String: Any] = [:], status: HTTPStatus = .ok)
    /// A JSON answer (a page's script polling for live numbers), with the same headers as a page.
    case json([UInt8])
    /// 303 See Other to `location` (the answer to every successful POST), optionally with a one-time
    /// message (a catalog key) for the next page.
    case redirect(to: String, flash: String? = nil)
    /// Sets the new session's cookie and redirects (sign-in).
    case startSession(token: String, redirect: String)
    /// Removes the session cookie and redirects (sign-out), optionally with a one-time message.
    case endSession(redirect: String, flash: String? = nil)
    /// The error page with 404.
    case notFound
    /// The error page with 403: signed in, but not allowed.
    case forbidden
    /// The error page with 400: a request no form of ours sends.
    case badRequest
    /// The error page with 403: a POST without a valid anti-forgery token or from another site.
    case forgeryRefused
    /// The error page with 500; the cause is logged, never shown.
    case serverError
}

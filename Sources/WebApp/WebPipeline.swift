import HTTPServer
import Secrets
import Store

/// Who may reach a route.
enum Access: Sendable {
    /// Anyone, signed in or not (the sign-in pages).
    case anyone
    /// A signed-in user of any role; visitors are sent to the sign-in page.
    case signedIn
    /// A signed-in admin; other signed-in users get 403.
    case admin
}

/// The steps every web route runs through, in order: find the session, choose the language, refuse
/// cross-site POSTs, require sign-in and role, read the form, check its anti-forgery token — then the
/// handler — then the layout, the security headers and the cookies.
enum WebPipeline {
    typealias Handler = @Sendable (WebRequest, WebContext) async -> WebResponse

    /// The router-facing closure for `handler`.
    static func wrap(_ access: Access, _ context: WebContext,
                     _ handler: @escaping Handler) -> @Sendable (HTTPRequest) async -> HTTPResponse {
        { http in await run(http, access: access, context: context, handler: handler) }
    }

    static func run(_ http: HTTPRequest, access: Access, context: WebContext, handler: Handler) async -> HTTPResponse {
        let cookies = Cookies.parse(http.header("Cookie"))
        var setCookies: [String] = []
        var session: Session?
        var sessionToken: String?
        var failed = false
        if let token = cookies[Cookies.session], !token.isEmpty {
            do {
                session = try await context.sessions.find(token: token)
                sessionToken = session == nil ? nil : token
            } catch {
                context.logger.error("session lookup failed: \(error)")
                failed = true
            }
            if session == nil, !failed { setCookies.append(Cookies.expire(Cookies.session, secure: http.isSecure)) }
        }
        let language = Language.choose(preference: session?.user.language, acceptLanguage: http.header("Accept-Language"),
                                       organization: session?.organization.language)
        // Signed in: the session's own random token. Before: an HMAC of a random visitor cookie.
        let expected: String
        if let session {
            expected = session.csrfToken
        } else if let visitor = cookies[Cookies.visitor], (32...128).contains(visitor.utf8.count) {
            expected = AntiForgery.token(seed: visitor)
        } else {
            let visitor = Tokens.random()
            setCookies.append(Cookies.serialize(name: Cookies.visitor, value: visitor, secure: http.isSecure))
            expected = AntiForgery.token(seed: visitor)
        }
        let flash = cookies[Cookies.flash]
        if flash != nil { setCookies.append(Cookies.expire(Cookies.flash, secure: http.isSecure)) }
        let form = http.method == .post ? FormData(request: http) : FormData([])
        let request = WebRequest(http: http, language: language, catalog: context.translations[language], session: session,
                                 sessionToken: sessionToken, csrfToken: expected, form: form ?? FormData([]), flash: flash)
        let response: WebResponse
        if failed {
            response = .serverError
        } else if let refusal = refuse(request, access: access, parsed: form != nil) {
            response = refusal
        } else {
            response = await handler(request, context)
        }
        return finish(response, request: request, context: context, cookies: setCookies)
    }

    /// The answer when the request must not reach its handler; nil when it may. `parsed` says whether a
    /// POST's body was a URL-encoded form (`request.form` holds it).
    static func refuse(_ request: WebRequest, access: Access, parsed: Bool) -> WebResponse? {
        let http = request.http
        let isPost = http.method == .post
        if isPost, !AntiForgery.isSameOrigin(http) { return .forgeryRefused }
        switch access {
        case .anyone: break
        case .signedIn, .admin:
            guard let session = request.session else {
                return .redirect(to: isPost || http.path == "/" ? "/login" : "/login?next=" + PercentEncoding.encode(http.target))
            }
            if access == .admin, !session.user.role.canAdminister { return .forbidden }
        }
        guard isPost else { return nil }
        guard parsed else { return .badRequest }
        guard AntiForgery.verify(submitted: request.form[AntiForgery.field], expected: request.csrfToken) else { return .forgeryRefused }
        return nil
    }

    /// Renders the answer and adds cookies and security headers.
    static func finish(_ answer: WebResponse, request: WebRequest, context: WebContext, cookies: [String]) -> HTTPResponse {
        var cookies = cookies
        let secure = request.http.isSecure
        var response: HTTPResponse
        switch answer {
        case .page(let template, let title, let values, let status):
            response = context.pages.render(template, title: title, values: values, status: status, request: request)
        case .json(let bytes):
            response = .json(bytes)
        case .redirect(let location, let flash):
            response = .redirect(to: location)
            if let flash { cookies.append(Cookies.serialize(name: Cookies.flash, value: flash, secure: secure)) }
        case .startSession(let token, let location):
            response = .redirect(to: location)
            cookies.removeAll { $0.hasPrefix(Cookies.session + "=") }
            let lifetime = Int(context.sessions.absoluteTimeout)
            cookies.append(Cookies.serialize(name: Cookies.session, value: token, maxAge: lifetime, secure: secure))
        case .endSession(let location, let flash):
            response = .redirect(to: location)
            cookies.removeAll { $0.hasPrefix(Cookies.session + "=") }
            cookies.append(Cookies.expire(Cookies.session, secure: secure))
            if let flash { cookies.append(Cookies.serialize(name: Cookies.flash, value: flash, secure: secure)) }
        case .notFound: response = context.pages.error("not_found", status: .notFound, request: request)
        case .forbidden: response = context.pages.error("forbidden", status: .forbidden, request: request)
        case .badRequest: response = context.pages.error("bad_request", status: .badRequest, request: request)
        case .forgeryRefused: response = context.pages.error("forgery", status: .forbidden, request: request)
        case .serverError: response = context.pages.error("server", status: .internalServerError, request: request)
        }
        for cookie in cookies { response.setCookie(cookie) }
        SecurityHeaders.apply(to: &response)
        return response
    }
}

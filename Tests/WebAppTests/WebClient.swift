import HTTPServer
@testable import WebApp

/// A browser in miniature for in-process tests: keeps cookies between requests, remembers the last
/// page's anti-forgery token and adds it to form posts, and speaks a chosen language.
final class WebClient: @unchecked Sendable {  // used by one test task at a time, never shared
    let router: Router
    var cookies: [String: String] = [:]
    var csrf: String?
    var language: String
    var secure = false

    init(_ router: Router, language: String = "en") {
        self.router = router
        self.language = language
    }

    @discardableResult
    func get(_ target: String) async -> HTTPResponse {
        var request = WebTestSupport.get(target, cookies: cookies, headers: [("Accept-Language", language)])
        request.isSecure = secure
        return remember(await WebTestSupport.send(router, request))
    }

    /// A same-origin form POST; `token: false` leaves the anti-forgery token out.
    @discardableResult
    func post(_ target: String, _ form: [(String, String)], token: Bool = true) async -> HTTPResponse {
        if token, csrf == nil { await get("/login") }
        let fields = token ? form + [("csrf_token", csrf ?? "")] : form
        var request = WebTestSupport.post(target, form: fields, cookies: cookies,
                                          headers: [("Accept-Language", language), ("Origin", "http://printercare.test"),
                                                    ("Sec-Fetch-Site", "same-origin")])
        request.isSecure = secure
        return remember(await WebTestSupport.send(router, request))
    }

    /// Signs in through the real form and, like a browser, follows the redirect (which also picks up
    /// the new session's anti-forgery token); returns the answer to the POST.
    @discardableResult
    func signIn(_ email: String, _ password: String) async -> HTTPResponse {
        await get("/login")
        let answer = await post("/login", [("email", email), ("password", password)])
        if answer.status == .seeOther, let location = answer.headers["Location"] { await get(location) }
        return answer
    }

    private func remember(_ response: HTTPResponse) -> HTTPResponse {
        for (name, value) in response.cookies {
            if value.isEmpty { cookies.removeValue(forKey: name) } else { cookies[name] = value }
        }
        if let token = response.csrfToken { csrf = token }
        return response
    }
}

import HTTPServer
import Testing
@testable import WebApp

/// Headers, cookies and anti-forgery checks of the pipeline, on a test route that changes nothing
/// but a counter, so a refused POST visibly reaches no handler.
@Suite struct SecurityTests {
    /// Counts handler calls; only read after the awaited request finished.
    final class Counter: @unchecked Sendable {  // touched by one test task at a time, sequentially
        var calls = 0
    }

    static func router(_ counter: Counter) throws -> (Router, WebContext) {
        let context = try WebTestSupport.context()
        var router = WebTestSupport.router(context)
        router.post("/test/change", WebPipeline.wrap(.anyone, context) { _, _ in
            counter.calls += 1
            return .redirect(to: "/done", flash: "users.updated")
        })
        return (router, context)
    }

    /// GET /login, then the visitor cookie and the form token it handed out.
    static func visit(_ router: Router) async -> (cookie: String, token: String) {
        let page = await WebTestSupport.send(router, WebTestSupport.get("/login"))
        return (page.cookies[Cookies.visitor] ?? "", page.csrfToken ?? "")
    }

    @Test func pagesCarryTheSecurityHeaders() async throws {
        let (router, _) = try Self.router(Counter())
        let response = await WebTestSupport.send(router, WebTestSupport.get("/login"))
        #expect(response.status == .ok)
        #expect(response.headers["Content-Security-Policy"] == SecurityHeaders.contentSecurityPolicy)
        #expect(response.headers["Content-Security-Policy"]?.contains("frame-ancestors 'none'") == true)
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        #expect(response.headers["Referrer-Policy"] == "same-origin")
        #expect(response.headers["Cache-Control"] == "no-store")
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(!response.text.contains("<script"), "no inline script")
        #expect(!response.text.contains("style="), "no inline style")
    }

    @Test func visitorCookieIsHttpOnlyLaxAndSecureOnlyOverTLS() async throws {
        let (router, _) = try Self.router(Counter())
        let plain = await WebTestSupport.send(router, WebTestSupport.get("/login"))
        let line = try #require(plain.headers.values("Set-Cookie").first { $0.hasPrefix(Cookies.visitor) })
        #expect(line.contains("HttpOnly") && line.contains("SameSite=Lax") && line.contains("Path=/"))
        #expect(!line.contains("Secure"))
        var tls = WebTestSupport.get("/login")
        tls.isSecure = true
        let secure = await WebTestSupport.send(router, tls)
        #expect(secure.headers.values("Set-Cookie").contains { $0.hasPrefix(Cookies.visitor) && $0.contains("; Secure") })
    }

    @Test func postWithTheRightTokenRunsAndRedirectsWith303() async throws {
        let counter = Counter()
        let (router, _) = try Self.router(counter)
        let (cookie, token) = await Self.visit(router)
        let response = await WebTestSupport.send(router, WebTestSupport.post(
            "/test/change", form: [("csrf_token", token)], cookies: [Cookies.visitor: cookie],
            headers: [("Origin", "http://printercare.test"), ("Sec-Fetch-Site", "same-origin")]))
        #expect(response.status == .seeOther)
        #expect(response.headers["Location"] == "/done")
        #expect(response.cookies[Cookies.flash] == "users.updated")
        #expect(counter.calls == 1)
    }

    @Test(arguments: ["missing", "wrong", "other-visitor", "no-cookie"])
    func postWithoutAValidTokenIsRefusedAndChangesNothing(_ variant: String) async throws {
        let counter = Counter()
        let (router, _) = try Self.router(counter)
        let (cookie, token) = await Self.visit(router)
        let other = await Self.visit(router)
        var form: [(String, String)] = []
        var cookies = [Cookies.visitor: cookie]
        switch variant {
        case "wrong": form = [("csrf_token", String(token.reversed()))]
        case "other-visitor": form = [("csrf_token", other.token)]
        case "no-cookie": form = [("csrf_token", token)]; cookies = [:]
        default: break
        }
        let response = await WebTestSupport.send(router, WebTestSupport.post("/test/change", form: form, cookies: cookies))
        #expect(response.status == .forbidden)
        #expect(response.text.contains("The form has expired"))
        #expect(response.headers["Content-Security-Policy"] != nil)
        #expect(counter.calls == 0)
    }

    @Test(arguments: [
        [("Origin", "https://evil.example")], [("Origin", "null")], [("Sec-Fetch-Site", "cross-site")],
        [("Sec-Fetch-Site", "same-site")], [("Origin", "http://printercare.test.evil.example")],
    ])
    func crossSitePostIsRefusedEvenWithAValidToken(_ headers: [(String, String)]) async throws {
        let counter = Counter()
        let (router, _) = try Self.router(counter)
        let (cookie, token) = await Self.visit(router)
        let response = await WebTestSupport.send(router, WebTestSupport.post(
            "/test/change", form: [("csrf_token", token)], cookies: [Cookies.visitor: cookie], headers: headers))
        #expect(response.status == .forbidden)
        #expect(counter.calls == 0)
    }

    @Test func postThatIsNotAFormIsABadRequest() async throws {
        let counter = Counter()
        let (router, _) = try Self.router(counter)
        let (cookie, _) = await Self.visit(router)
        let request = HTTPRequest(method: .post, target: "/test/change",
                                  headers: ["Host": "printercare.test", "Content-Type": "application/json",
                                            "Cookie": "\(Cookies.visitor)=\(cookie)"], body: Array("{}".utf8))
        let response = await WebTestSupport.send(router, request)
        #expect(response.status == .badRequest)
        #expect(counter.calls == 0)
    }

    @Test func signedInPagesRedirectVisitorsToSignIn() async throws {
        let (router, _) = try Self.router(Counter())
        let response = await WebTestSupport.send(router, WebTestSupport.get("/"))
        #expect(response.status == .seeOther)
        #expect(response.headers["Location"] == "/login")
        let deep = await WebTestSupport.send(router, WebTestSupport.get("/users?x=1"))
        #expect(deep.headers["Location"] == "/login?next=/users%3Fx%3D1")
        let next = await WebTestSupport.send(router, WebTestSupport.get("/login?next=%2Fusers%3Fx%3D1"))
        #expect(next.text.contains("name=\"next\" value=\"/users?x=1\""))
        let elsewhere = await WebTestSupport.send(router, WebTestSupport.get("/login?next=%2F%2Fevil.example"))
        #expect(elsewhere.text.contains("name=\"next\" value=\"/\""))
    }
}

/// The small parsers and builders of the security layer.
@Suite struct SecurityPartsTests {
    @Test func cookieParsing() {
        let cookies = Cookies.parse(" a=1; b=\"two\"; junk; a=3; c=")
        #expect(cookies == ["a": "1", "b": "two", "c": ""])
        #expect(Cookies.parse(nil).isEmpty)
    }

    @Test func cookieSerializing() {
        #expect(Cookies.serialize(name: "s", value: "abc", maxAge: 60, secure: true) == "s=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure")
        #expect(Cookies.serialize(name: "s", value: "a;b", secure: false) == "s=; Path=/; HttpOnly; SameSite=Lax")
        #expect(Cookies.expire("s", secure: false).contains("Max-Age=0"))
    }

    @Test func antiForgeryTokensAreBoundToTheirSeed() {
        let token = AntiForgery.token(seed: "seed-one")
        #expect(token == AntiForgery.token(seed: "seed-one"))
        #expect(AntiForgery.verify(submitted: token, expected: AntiForgery.token(seed: "seed-one")))
        #expect(!AntiForgery.verify(submitted: token, expected: AntiForgery.token(seed: "seed-two")))
        #expect(!AntiForgery.verify(submitted: nil, expected: token))
        #expect(!AntiForgery.verify(submitted: "", expected: ""))
    }

    @Test func formBodies() {
        let form = FormData(encoded: "name=Ann+O%27Neil&email=a%40b.c&name=second&bad=%zz")
        #expect(form["name"] == "Ann O'Neil")
        #expect(form["email"] == "a@b.c")
        #expect(form["bad"] == nil)
        #expect(form.trimmed("missing") == "")
    }

    @Test(arguments: [("/users", "/users"), ("//evil.example", "/"), ("/\\evil.example", "/"), ("https://x", "/"),
                      (nil, "/"), ("/a b", "/"), ("/users?x=1", "/users?x=1")] as [(String?, String)])
    func nextMustBeALocalPath(_ next: String?, _ expected: String) {
        #expect(PercentEncoding.localPath(next) == expected)
    }
}

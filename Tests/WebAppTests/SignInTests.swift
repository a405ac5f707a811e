import HTTPServer
import Store
import Testing
@testable import WebApp

/// Signing in and out through the real routes and a real database.
@Suite struct SignInTests {
    @Test func signInReachTheFleetAndSignOut() async throws {
        try await WebFleet.with { fleet in
            let client = WebClient(fleet.router)
            let form = await client.get("/login")
            #expect(form.status == .ok)
            #expect(form.text.contains("autocomplete=\"current-password\""))
            let answer = await client.signIn("admin@a.test", WebFleet.password)
            #expect(answer.status == .seeOther)
            #expect(answer.headers["Location"] == "/")
            let cookie = try #require(answer.headers.values("Set-Cookie").first { $0.hasPrefix(Cookies.session + "=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/") && !cookie.contains("Secure"))
            let token = try #require(client.cookies[Cookies.session])
            #expect(token.count >= 43)

            let fleetPage = await client.get("/")
            #expect(fleetPage.status == .ok)
            #expect(fleetPage.text.contains("No devices yet"))
            #expect(fleetPage.text.contains("User admin@a.test"))

            let out = await client.post("/logout", [])
            #expect(out.status == .seeOther && out.headers["Location"] == "/login")
            #expect(client.cookies[Cookies.session] == nil)
            #expect(await client.get("/login").text.contains("You have signed out."))
            // The old token is dead on the server, not only forgotten by this browser.
            let replay = await WebTestSupport.send(fleet.router, WebTestSupport.get("/", cookies: [Cookies.session: token]))
            #expect(replay.status == .seeOther && replay.headers["Location"] == "/login")
            #expect(replay.headers.values("Set-Cookie").contains { $0.hasPrefix(Cookies.session + "=;") && $0.contains("Max-Age=0") })
        }
    }

    @Test func everySignInMakesANewSessionAndSecureCookiesOnTLS() async throws {
        try await WebFleet.with { fleet in
            let client = WebClient(fleet.router)
            client.secure = true
            await client.signIn("admin@a.test", WebFleet.password)
            let first = try #require(client.cookies[Cookies.session])
            let again = await client.signIn("admin@a.test", WebFleet.password)
            #expect(again.headers.values("Set-Cookie").contains { $0.hasPrefix(Cookies.session + "=") && $0.hasSuffix("; Secure") })
            let second = try #require(client.cookies[Cookies.session])
            #expect(first != second)
            // Signing in again ended the session the browser had before.
            let old = await WebTestSupport.send(fleet.router, WebTestSupport.get("/", cookies: [Cookies.session: first]))
            #expect(old.status == .seeOther)
        }
    }

    @Test func wrongPasswordAndUnknownEmailGetTheSameGenericAnswer() async throws {
        try await WebFleet.with { fleet in
            let client = WebClient(fleet.router)
            let wrong = await client.signIn("admin@a.test", "not the password")
            let unknown = await client.signIn("nobody@nowhere.test", "not the password")
            for answer in [wrong, unknown] {
                #expect(answer.status == .unauthorized)
                #expect(answer.text.contains("Wrong e-mail or password."))
                #expect(answer.cookies[Cookies.session] == nil)
            }
            #expect(wrong.text.contains("value=\"admin@a.test\""), "the e-mail is kept")
            #expect(!wrong.text.contains("not the password"), "the password is never echoed")
        }
    }

    @Test func repeatedFailuresAreThrottledEvenForTheRightPassword() async throws {
        try await WebFleet.with { fleet in
            let client = WebClient(fleet.router, language: "de")
            for _ in 0..<5 { await client.signIn("viewer@a.test", "guess") }
            let blocked = await client.signIn("viewer@a.test", WebFleet.password)
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.text.contains("Zu viele fehlgeschlagene Anmeldungen. Warten Sie 15 Minuten"))
            #expect(client.cookies[Cookies.session] == nil)
            // Another account from elsewhere is not affected.
            #expect(await WebClient(fleet.router).signIn("admin@a.test", WebFleet.password).status == .seeOther)
        }
    }

    @Test func signInReturnsToTheLocalPageAskedFor() async throws {
        try await WebFleet.with { fleet in
            let client = WebClient(fleet.router)
            let bounced = await client.get("/users")
            #expect(bounced.headers["Location"] == "/login?next=/users")
            await client.get("/login?next=%2Fusers")
            let answer = await client.post("/login", [("email", "admin@a.test"), ("password", WebFleet.password), ("next", "/users")])
            #expect(answer.headers["Location"] == "/users")
            await client.post("/logout", [])
            await client.get("/login")
            let away = await client.post("/login", [("email", "admin@a.test"), ("password", WebFleet.password), ("next", "//evil.example/")])
            #expect(away.headers["Location"] == "/")
        }
    }

    @Test func deactivatedUsersSessionEndsAtOnce() async throws {
        try await WebFleet.with { fleet in
            let viewer = try await fleet.client("viewer@a.test")
            #expect(await viewer.get("/").status == .ok)
            let admin = try await fleet.client("admin@a.test")
            let answer = await admin.post("/users/\(fleet.ids["viewer@a.test"]!)/deactivate", [("active", "false")])
            #expect(answer.status == .seeOther)
            #expect(await viewer.get("/").status == .seeOther)
            #expect(await WebClient(fleet.router).signIn("viewer@a.test", WebFleet.password).status == .unauthorized)
            #expect(try await fleet.user("viewer@a.test")?.isActive == false)
        }
    }

    @Test func aForgedSessionCookieIsDroppedAndTheVisitorSentToSignIn() async throws {
        try await WebFleet.with { fleet in
            let answer = await WebTestSupport.send(fleet.router, WebTestSupport.get("/profile", cookies: [Cookies.session: "forged-token"]))
            #expect(answer.status == .seeOther && answer.headers["Location"] == "/login?next=/profile")
            #expect(answer.headers.values("Set-Cookie").contains { $0.hasPrefix(Cookies.session + "=;") && $0.contains("Max-Age=0") })
        }
    }
}

import HTTPServer
import Store
import Testing
@testable import WebApp

/// Forms: messages next to the fields, input kept (passwords never), bad input changes nothing,
/// anti-forgery on the real routes, and the profile's password and language.
@Suite struct FormTests {
    @Test func invalidNewUserShowsMessagesKeepsInputAndStoresNothing() async throws {
        try await WebFleet.with { fleet in
            let admin = try await fleet.client("admin@a.test")
            let answer = await admin.post("/users", [("display_name", "Dana"), ("email", "not-an-address"), ("password", "short"),
                                                     ("role", "superuser"), ("organization_id", String(fleet.orgA))])
            #expect(answer.status == .unprocessableContent)
            let html = answer.text
            #expect(html.contains("Please correct the fields marked below."))
            #expect(html.contains("<p class=\"field-error\" id=\"field-email-error\">Enter a valid e-mail address.</p>"))
            #expect(html.contains("<p class=\"field-error\" id=\"field-password-error\">Use at least 10 characters.</p>"))
            #expect(html.contains("id=\"field-role-error\">Choose a role.</p>"))
            #expect(html.contains("aria-invalid=\"true\""))
            #expect(html.contains("value=\"Dana\"") && html.contains("value=\"not-an-address\""))
            #expect(!html.contains("value=\"short\""))
            #expect(try await fleet.users.credentials(email: "not-an-address") == nil)
        }
    }

    @Test func takenEmailIsAFieldError() async throws {
        try await WebFleet.with { fleet in
            let admin = try await fleet.client("admin@a.test", language: "nl")
            let answer = await admin.post("/users", [("email", "VIEWER@a.test"), ("password", "long enough password"),
                                                     ("role", "viewer"), ("organization_id", String(fleet.orgA))])
            #expect(answer.status == .unprocessableContent)
            #expect(answer.text.contains("Dit e-mailadres is al in gebruik."))
        }
    }

    @Test func postsWithoutTheTokenChangeNothingOnRealRoutes() async throws {
        try await WebFleet.with { fleet in
            let admin = try await fleet.client("admin@a.test")
            let target = fleet.ids["viewer@a.test"]!
            let forged = await admin.post("/users/\(target)/update", [("display_name", "forged"), ("role", "admin")], token: false)
            #expect(forged.status == .forbidden)
            #expect(forged.text.contains("The form has expired"))
            // A token from another session does not do either.
            let other = try await fleet.client("boss@dealer.test")
            let stolen = await admin.post("/users/\(target)/update", [("display_name", "forged"), ("role", "admin"),
                                                                       ("csrf_token", other.csrf ?? "")], token: false)
            #expect(stolen.status == .forbidden)
            let logout = await admin.post("/logout", [], token: false)
            #expect(logout.status == .forbidden)
            #expect(await admin.get("/").status == .ok, "still signed in")
            let viewer = try #require(try await fleet.user("viewer@a.test"))
            #expect(viewer.displayName == "User viewer@a.test" && viewer.role == .viewer)
        }
    }

    @Test func adminEditsRoleResetsPasswordAndCannotDemoteThemselves() async throws {
        try await WebFleet.with { fleet in
            let admin = try await fleet.client("admin@a.test")
            let target = fleet.ids["viewer@a.test"]!
            let viewerSession = try await fleet.client("viewer@a.test")
            #expect(await admin.post("/users/\(target)/update", [("display_name", "Vic"), ("role", "manager")]).status == .seeOther)
            #expect(try await fleet.user("viewer@a.test")?.role == .manager)
            let reset = await admin.post("/users/\(target)/password", [("new_password", "a brand new password")])
            #expect(reset.status == .seeOther)
            #expect(await viewerSession.get("/").status == .seeOther, "the user's sessions ended")
            #expect(await WebClient(fleet.router).signIn("viewer@a.test", "a brand new password").status == .seeOther)
            let short = await admin.post("/users/\(target)/password", [("new_password", "short")])
            #expect(short.status == .unprocessableContent && short.text.contains("id=\"field-new_password-error\""))

            let me = fleet.ids["admin@a.test"]!
            let demote = await admin.post("/users/\(me)/update", [("display_name", "Me"), ("role", "viewer")])
            #expect(demote.status == .unprocessableContent)
            #expect(demote.text.contains("You cannot take away your own admin role or deactivate yourself."))
            let deactivate = await admin.post("/users/\(me)/deactivate", [("active", "false")])
            #expect(deactivate.status == .unprocessableContent)
            #expect(try await fleet.user("admin@a.test")?.role == .admin)
            #expect(try await fleet.user("admin@a.test")?.isActive == true)
        }
    }

    @Test func profilePasswordNeedsTheCurrentOneAndEndsOtherSessions() async throws {
        try await WebFleet.with { fleet in
            let client = try await fleet.client("viewer@a.test", language: "pl")
            let otherDevice = try await fleet.client("viewer@a.test")
            let wrong = await client.post("/profile/password", [("current_password", "wrong"), ("new_password", "new password 123"),
                                                                ("confirm_password", "new password 123")])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("Obecne hasło jest nieprawidłowe."))
            let mismatch = await client.post("/profile/password", [("current_password", WebFleet.password),
                                                                   ("new_password", "new password 123"), ("confirm_password", "other")])
            #expect(mismatch.text.contains("Podane hasła się różnią."))
            #expect(await WebClient(fleet.router).signIn("viewer@a.test", WebFleet.password).status == .seeOther, "unchanged so far")

            let changed = await client.post("/profile/password", [("current_password", WebFleet.password),
                                                                  ("new_password", "new password 123"), ("confirm_password", "new password 123")])
            #expect(changed.status == .seeOther && changed.headers["Location"] == "/profile")
            #expect(await client.get("/profile").text.contains("Hasło zostało zmienione."))
            #expect(await otherDevice.get("/").status == .seeOther, "other sessions ended")
            #expect(await WebClient(fleet.router).signIn("viewer@a.test", "new password 123").status == .seeOther)
        }
    }

    @Test func languageChoiceOverridesTheBrowser() async throws {
        try await WebFleet.with { fleet in
            let client = try await fleet.client("manager@a.test", language: "en")
            #expect(await client.get("/").text.contains("<html lang=\"en\">"))
            #expect(await client.post("/profile/language", [("language", "de")]).status == .seeOther)
            let page = await client.get("/profile")
            #expect(page.text.contains("<html lang=\"de\">") && page.text.contains("Sprache gespeichert."))
            #expect(await client.post("/profile/language", [("language", "xx")]).status == .badRequest)
            #expect(await client.post("/profile/language", [("language", "")]).status == .seeOther)
            #expect(await client.get("/").text.contains("<html lang=\"en\">"))
        }
    }
}

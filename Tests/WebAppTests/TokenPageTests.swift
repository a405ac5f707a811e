import Foundation
import HTTPServer
import Store
import Testing
@testable import WebApp

/// API tokens on the settings pages: each user's own, shown once, revocable.
@Suite struct TokenPageTests {
    @Test(arguments: ["viewer@a.test", "admin@a.test"])
    func aTokenIsShownOnceWorksAndCanBeRevoked(_ email: String) async throws {
        try await WebFleet.with { fleet in
            let client = try await fleet.client(email)
            #expect(await client.get("/settings/tokens").text.contains("You have no API tokens."))
            let created = await client.post("/settings/tokens", [("name", "ERP billing")])
            #expect(created.status == .ok && created.headers["Cache-Control"] == "no-store")
            let token = try #require(AdminFixtures.token(after: "<code>", in: created.text))
            #expect(token.hasPrefix("pc_"))
            let tokens = APITokenStore(database: fleet.db.database)
            let acting = try #require(try await tokens.authenticate(token: token))
            #expect(acting.user.email == email)

            let list = await client.get("/settings/tokens")
            #expect(list.text.contains("ERP billing") && !list.text.contains(token) && list.text.contains("Active"))
            let id = try #require(try await tokens.list(scope: AdminFixtures.scope(fleet, email)).first { $0.name == "ERP billing" }).id
            let revoked = await client.post("/settings/tokens/\(id)/revoke", [])
            #expect(revoked.status == .seeOther && revoked.headers["Location"] == "/settings/tokens")
            #expect(try await tokens.authenticate(token: token) == nil)
            #expect(await client.get("/settings/tokens").text.contains("Revoked"))
            #expect(await client.post("/settings/tokens/\(id)/revoke", []).status == .seeOther, "revoking twice is harmless")
        }
    }

    @Test func anotherUsersTokensAreNeitherListedNorRevocable() async throws {
        try await WebFleet.with { fleet in
            let tokens = APITokenStore(database: fleet.db.database)
            var ids: [String: Int64] = [:]
            for email in ["viewer@a.test", "viewer@b.test"] {
                guard case .saved(let token) = try await tokens.create(name: "token of \(email)", token: "pc_" + UUID().uuidString,
                                                                       scope: AdminFixtures.scope(fleet, email)) else {
                    throw WebTestFailure("token")
                }
                ids[email] = token.id
            }
            // Even an admin of the same customer sees only their own tokens here.
            for email in ["admin@a.test", "manager@a.test"] {
                let client = try await fleet.client(email)
                let list = await client.get("/settings/tokens").text
                #expect(!list.contains("token of viewer@a.test") && !list.contains("token of viewer@b.test"))
                #expect(await client.post("/settings/tokens/\(ids["viewer@a.test"]!)/revoke", []).status == .notFound)
                #expect(await client.post("/settings/tokens/\(ids["viewer@b.test"]!)/revoke", []).status == .notFound)
            }
            let all = try await tokens.list(scope: AdminFixtures.scope(fleet, "boss@dealer.test"))
            #expect(all.count == 2 && all.allSatisfy { $0.revokedAt == nil })
        }
    }

    @Test func aTokenNeedsAName() async throws {
        try await WebFleet.with { fleet in
            let client = try await fleet.client("viewer@a.test")
            let answer = await client.post("/settings/tokens", [("name", "")])
            #expect(answer.status == .unprocessableContent && answer.text.contains("id=\"field-name-error\""))
            #expect(!answer.text.contains("pc_"))
            #expect(try await APITokenStore(database: fleet.db.database).list(scope: AdminFixtures.scope(fleet, "viewer@a.test")).isEmpty)
            #expect(await client.post("/settings/tokens", [("name", "x")], token: false).status == .forbidden)
        }
    }
}

/// Every page of this area renders in every language, with no raw catalog key and no empty heading.
@Suite struct SettingsAndAdminRenderingTests {
    @Test(arguments: Language.allCases)
    func everyAdminPageRendersInEveryLanguage(_ language: Language) async throws {
        try await WebFleet.with { fleet in
            try await AlertPageTests.fleetWithAlerts(fleet)
            let pending = try await AdminFixtures.agent(fleet, "admin@a.test", name: "Pending agent")
            let enrolled = try await AdminFixtures.enrolledAgent(fleet, name: "Enrolled agent", serial: "R1")
            let catalog = fleet.context.translations[language]
            for email in ["admin@a.test", "viewer@a.test", "boss@dealer.test"] {
                let client = try await fleet.client(email, language: language.rawValue)
                var pages: [(String, String)] = [
                    ("/agents", "agents.title"), ("/agents?silent=1", "agents.silent_title"),
                    ("/agents/\(pending.id)", "agents.show_title"), ("/agents/\(enrolled.agentID)", "agents.show_title"),
                    ("/alerts", "alerts.title"), ("/alerts?state=all", "alerts.title"), ("/alerts?state=acknowledged", "alerts.title"),
                    ("/settings", "settings.title"), ("/settings/tokens", "settings.tokens.title"),
                ]
                if email != "viewer@a.test" { pages += [("/agents/new", "agents.create_title"), ("/agents/\(pending.id)/revoke", "agents.revoke_title")] }
                for (path, key) in pages {
                    let page = await client.get(path)
                    Self.check(page, title: catalog.text(key), path: "\(email) \(path)")
                }
                if email == "admin@a.test" {
                    Self.check(await client.post("/agents", [("name", "New")]), title: catalog.text("agents.created_title"), path: "POST /agents")
                    Self.check(await client.post("/settings/tokens", [("name", "T")]), title: catalog.text("settings.tokens.created_title"),
                               path: "POST /settings/tokens")
                    Self.check(await client.post("/settings", [("name", "")]), title: catalog.text("settings.title"),
                               status: .unprocessableContent, path: "POST /settings")
                }
            }
        }
    }

    static func check(_ response: HTTPResponse, title: String, status: HTTPStatus = .ok, path: String,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        let html = response.text
        #expect(response.status == status, "\(path): \(response.status.code)", sourceLocation: sourceLocation)
        let escaped = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "'", with: "&#39;")
        #expect(html.contains("<title>\(escaped) · PrinterCare</title>"), "\(path)", sourceLocation: sourceLocation)
        #expect(response.headers["Cache-Control"] == "no-store", sourceLocation: sourceLocation)
        #expect(!html.contains("{{") && !html.contains("<script"), sourceLocation: sourceLocation)
        for empty in ["<h1></h1>", "<h2></h2>", "<th scope=\"col\"></th>", "<dt></dt>", "<label for=\"field-name\"></label>", "<p></p>",
                      "<button type=\"submit\" class=\"button\"></button>", "aria-label=\"\""] {
            #expect(!html.contains(empty), "\(path): \(empty)", sourceLocation: sourceLocation)
        }
        // A raw key would show as "agents.something" in the text.
        let raw = html.range(of: #"[>\s(](agents|alerts|settings|validation|common|time)\.[a-z_]+(\.[a-z_]+)?[<\s:)]"#, options: .regularExpression)
        #expect(raw == nil, "\(path): \(raw.map { String(html[$0]) } ?? "")", sourceLocation: sourceLocation)
    }
}

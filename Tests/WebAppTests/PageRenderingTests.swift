import HTTPServer
import Testing
@testable import WebApp

/// Every page in every language, and stored text rendered escaped.
@Suite struct PageRenderingTests {
    /// The titles each page must show, per language (from the catalogs themselves).
    @Test(arguments: Language.allCases)
    func everyPageRendersInEveryLanguage(_ language: Language) async throws {
        try await WebFleet.with { fleet in
            let catalog = fleet.context.translations[language]
            let visitor = WebClient(fleet.router, language: language.rawValue)
            let login = await visitor.get("/login")
            try check(login, .ok, title: catalog.text("login.title"), language: language)

            let client = try await fleet.client("boss@dealer.test", language: language.rawValue)
            let userID = fleet.ids["viewer@b.test"]!
            let pages: [(String, String)] = [
                ("/", "fleet.title"), ("/users", "users.title"), ("/users/new", "users.create_title"),
                ("/users/\(userID)/edit", "users.edit_title"), ("/organizations", "organizations.title"),
                ("/organizations/new", "organizations.create_title"), ("/organizations/\(fleet.orgA)/edit", "organizations.edit_title"),
                ("/profile", "profile.title"),
            ]
            for (path, key) in pages {
                try check(await client.get(path), .ok, title: catalog.text(key), language: language, path: path)
            }
            try check(await client.get("/users/999999/edit"), .notFound, title: catalog.text("errors.not_found.title"), language: language)
            let viewer = try await fleet.client("viewer@a.test", language: language.rawValue)
            try check(await viewer.get("/users"), .forbidden, title: catalog.text("errors.forbidden.title"), language: language)
        }
    }

    func check(_ response: HTTPResponse, _ status: HTTPStatus, title: String, language: Language, path: String = "",
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let html = response.text
        #expect(response.status == status, "\(path) \(html.prefix(400))", sourceLocation: sourceLocation)
        #expect(html.hasPrefix("<!DOCTYPE html>"), sourceLocation: sourceLocation)
        #expect(html.contains("<html lang=\"\(language.rawValue)\">"), sourceLocation: sourceLocation)
        let escapedTitle = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "'", with: "&#39;")
        #expect(html.contains("<title>\(escapedTitle) · PrinterCare</title>"), "\(path)", sourceLocation: sourceLocation)
        #expect(!html.contains("{{"), sourceLocation: sourceLocation)
        #expect(!html.contains("<script"), sourceLocation: sourceLocation)
        #expect(response.headers["Content-Security-Policy"] == SecurityHeaders.contentSecurityPolicy, sourceLocation: sourceLocation)
        #expect(response.headers["Cache-Control"] == "no-store", sourceLocation: sourceLocation)
        // A label or heading that is empty usually means a key the catalog lacks.
        #expect(!html.contains("<label for=\"field-email\"></label>") && !html.contains("<h1></h1>") && !html.contains("<h2></h2>"),
                "\(path)", sourceLocation: sourceLocation)
    }

    @Test func storedMarkupIsShownAsTextNeverRun() async throws {
        try await WebFleet.with { fleet in
            let admin = try await fleet.client("admin@a.test")
            let created = await admin.post("/users", [
                ("display_name", "<script>alert(1)</script>"), ("email", "mallory@a.test"), ("password", "long enough password"),
                ("role", "viewer"), ("organization_id", String(fleet.orgA)),
            ])
            #expect(created.status == .seeOther)
            let list = await admin.get("/users")
            #expect(list.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!list.text.contains("<script>alert(1)"))
            let renamed = await admin.post("/organizations/\(fleet.orgA)/update", [("name", "\"><img src=x onerror=alert(1)>")])
            #expect(renamed.status == .seeOther)
            let organizations = await admin.get("/organizations")
            #expect(organizations.text.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
            #expect(!organizations.text.contains("<img src=x"))
        }
    }
}

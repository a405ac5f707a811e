import Foundation
import HTTPServer
import Store
import Testing
@testable import WebApp

/// The settings page: admins change name, time zone, language, colour and thresholds with validation;
/// others read them; the logo upload takes only real PNG/JPEG/GIF/WebP images and serves them to
/// users within reach alone.
@Suite struct SettingsPageTests {
    /// A 1×1 transparent PNG, byte for byte.
    static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41,
        0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]

    static let valid: [(String, String)] = [("name", "Customer A Ltd"), ("time_zone", "Europe/Warsaw"), ("language", "pl"),
                                           ("accent_color", "#AA3300"), ("low_supply_percent", "20"), ("agent_silence_minutes", "90")]

    static func organization(_ fleet: WebFleet, _ id: Int64) async throws -> Organization {
        try #require(try await OrganizationStore(database: fleet.db.database).find(id, scope: AdminFixtures.scope(fleet, "boss@dealer.test")))
    }

    /// A same-origin multipart POST of `file` as field `logo` (plus the anti-forgery token unless `token` is false).
    static func upload(_ client: WebClient, _ file: [UInt8], filename: String, type: String, token: Bool = true,
                       path: String = "/settings/logo") async -> HTTPResponse {
        if client.csrf == nil { await client.get("/settings") }
        let boundary = "----PrinterCareTest\(UUID().uuidString.prefix(8))"
        var body: [UInt8] = []
        if token {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n\(client.csrf ?? "")\r\n".utf8)
        }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n".utf8)
        body += file + Array("\r\n--\(boundary)--\r\n".utf8)
        let cookie = client.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        let request = HTTPRequest(method: .post, target: path, headers: HTTPHeaders([
            ("Host", "printercare.test"), ("Origin", "http://printercare.test"), ("Sec-Fetch-Site", "same-origin"),
            ("Content-Type", "multipart/form-data; boundary=\(boundary)"), ("Cookie", cookie), ("Accept-Language", "en"),
        ]), body: body)
        return await WebTestSupport.send(client.router, request)
    }

    @Test func adminSavesValidSettingsAndTheLayoutUsesThem() async throws {
        try await WebFleet.with { fleet in
            let admin = try await fleet.client("admin@a.test")
            let form = await admin.get("/settings")
            #expect(form.status == .ok && form.text.contains("type=\"color\"") && form.text.contains("<option value=\"Europe/Warsaw\""))
            let saved = await admin.post("/settings", Self.valid)
            #expect(saved.status == .seeOther && saved.headers["Location"] == "/settings", "\(saved.text.prefix(400))")
            let org = try await Self.organization(fleet, fleet.orgA)
            #expect(org.name == "Customer A Ltd" && org.timeZone == "Europe/Warsaw" && org.language == "pl")
            #expect(org.accentColor == "#aa3300" && org.lowSupplyPercent == 20 && org.agentSilenceMinutes == 90)
            #expect(await admin.get("/settings").text.contains("/theme.css?c=aa3300"))
        }
    }

    @Test(arguments: [
        ("accent_color", "red"), ("accent_color", "#12345g"), ("accent_color", "#1234567"), ("time_zone", "Mars/Olympus_Mons"),
        ("time_zone", ""), ("low_supply_percent", "0"), ("low_supply_percent", "100"), ("low_supply_percent", "ten"),
        ("agent_silence_minutes", "0"), ("agent_silence_minutes", "10081"), ("language", "fr"), ("name", ""),
    ])
    func invalidSettingsAreRefusedNextToTheFieldAndNothingChanges(_ field: String, _ value: String) async throws {
        try await WebFleet.with { fleet in
            let before = try await Self.organization(fleet, fleet.orgA)
            let admin = try await fleet.client("admin@a.test")
            let form = Self.valid.map { $0.0 == field ? ($0.0, value) : $0 }
            let answer = await admin.post("/settings", form)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.text.contains("id=\"field-\(field)-error\""), "\(field)=\(value)")
            #expect(try await Self.organization(fleet, fleet.orgA) == before)
        }
    }

    @Test(arguments: ["viewer@a.test", "manager@a.test"])
    func othersReadTheSettingsButCannotChangeThem(_ email: String) async throws {
        try await WebFleet.with { fleet in
            let before = try await Self.organization(fleet, fleet.orgA)
            let client = try await fleet.client(email)
            let page = await client.get("/settings")
            #expect(page.status == .ok && page.text.contains("Customer A") && page.text.contains("Only admins"))
            #expect(!page.text.contains("action=\"/settings\"") && !page.text.contains("type=\"file\""))
            #expect(await client.post("/settings", Self.valid).status == .forbidden)
            #expect(await client.post("/settings/logo/remove", []).status == .forbidden)
            #expect(await Self.upload(client, Self.png, filename: "logo.png", type: "image/png").status == .forbidden)
            #expect(try await Self.organization(fleet, fleet.orgA) == before)
        }
    }

    @Test(arguments: [
        ("logo.svg", "image/svg+xml", Array("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".utf8)),
        ("logo.png", "image/png", Array("just some text, renamed to look like a picture".utf8)),
        ("logo.png", "image/png", Array(SettingsPageTests.png.prefix(7))),
        ("big.png", "image/png", SettingsPageTests.png + [UInt8](repeating: 0, count: 256 * 1024)),
        ("", "application/octet-stream", []),
    ])
    func logosThatAreNotSmallImagesAreRefused(_ filename: String, _ type: String, _ bytes: [UInt8]) async throws {
        try await WebFleet.with { fleet in
            let admin = try await fleet.client("admin@a.test")
            let answer = await Self.upload(admin, bytes, filename: filename, type: type)
            #expect(answer.status == .unprocessableContent, "\(filename) \(answer.status.code)")
            #expect(answer.text.contains("id=\"field-logo-error\""))
            #expect(try await Self.organization(fleet, fleet.orgA).hasLogo == false)
        }
    }

    @Test func aRealPNGIsStoredAndServedOnlyWithinReach() async throws {
        try await WebFleet.with { fleet in
            let admin = try await fleet.client("admin@a.test")
            #expect(await Self.upload(admin, Self.png, filename: "logo.png", type: "image/png", token: false).status == .forbidden)
            let stored = await Self.upload(admin, Self.png, filename: "logo.png", type: "application/octet-stream")
            #expect(stored.status == .seeOther, "\(stored.text.prefix(300))")
            #expect(try await Self.organization(fleet, fleet.orgA).hasLogo)
            let path = "/organizations/\(fleet.orgA)/logo"
            #expect(await admin.get("/").text.contains("src=\"\(path)\""), "the layout shows it")

            let logo = await admin.get(path)
            #expect(logo.status == .ok && logo.headers["Content-Type"] == "image/png")
            #expect(logo.headers["X-Content-Type-Options"] == "nosniff" && logo.headers["Content-Disposition"] == "inline")
            #expect(logo.headers["Cache-Control"]?.hasPrefix("private") == true)
            if case .bytes(let bytes) = logo.body { #expect(bytes == Self.png) } else { Issue.record("no body") }
            let etag = try #require(logo.headers["ETag"])
            var again = WebTestSupport.get(path, cookies: admin.cookies, headers: [("If-None-Match", etag)])
            again.isSecure = false
            #expect(await WebTestSupport.send(fleet.router, again).status == .notModified)

            // Viewers of the same customer and the dealer see it; another customer and visitors do not.
            #expect(await (try await fleet.client("viewer@a.test")).get(path).status == .ok)
            #expect(await (try await fleet.client("boss@dealer.test")).get(path).status == .ok)
            #expect(await (try await fleet.client("admin@b.test")).get(path).status == .notFound)
            #expect(await WebClient(fleet.router).get(path).status == .seeOther)
            #expect(await admin.get("/organizations/\(fleet.orgB)/logo").status == .notFound, "B has none, and is out of reach")

            #expect(await admin.post("/settings/logo/remove", []).status == .seeOther)
            #expect(await admin.get(path).status == .notFound)
            #expect(try await Self.organization(fleet, fleet.orgA).hasLogo == false)
        }
    }

    @Test func otherImageTypesAreRecognisedByTheirFirstBytes() {
        #expect(OrganizationLogo.imageType(of: [0xFF, 0xD8, 0xFF, 0xE0, 0, 0]) == "image/jpeg")
        #expect(OrganizationLogo.imageType(of: Array("GIF89a....".utf8)) == "image/gif")
        #expect(OrganizationLogo.imageType(of: Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == "image/webp")
        #expect(OrganizationLogo.imageType(of: Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8)) == nil)
        #expect(OrganizationLogo.imageType(of: Array("<?xml version=\"1.0\"?><svg/>".utf8)) == nil)
        #expect(OrganizationLogo.imageType(of: []) == nil)
    }
}

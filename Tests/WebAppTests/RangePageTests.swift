import FleetCore
import Foundation
import HTTPServer
import Store
import Testing
@testable import WebApp

/// The address-range pages through the real routes and a real database: the forms, their
/// validation, delete, roles and tenancy.
@Suite struct RangePageTests {
    @Test func createEditAndDeleteThroughTheForms() async throws {
        try await WebFleet.with { fleet in
            let agent = try await fleet.rangeAgent(fleet.orgA, serial: "0A0001")
            let manager = try await fleet.client("manager@a.test")
            #expect(await manager.get("/ranges/new").status == .ok)
            let created = await manager.post("/ranges", RangeFixtures.form(agent: agent.agentID, [
                ("exclusions", "10.0.0.9, 10.0.0.5\n10.0.0.5;10.0.0.7"),
            ]))
            #expect(created.status == .seeOther, "\(created.text.prefix(2000))")
            var ranges = try await fleet.rangesOfA()
            let range = try #require(ranges.first)
            #expect(ranges.count == 1 && created.headers["Location"] == "/ranges/\(range.id)")
            #expect(range.name == "Office" && range.cidr == "10.0.0.0/24" && range.agentID == agent.agentID)
            #expect(range.exclusions == ["10.0.0.5", "10.0.0.7", "10.0.0.9"])
            #expect(range.snmpVersion == "2c" && range.snmpCommunity == "secret" && range.snmpPort == 1161)

            let page = await manager.get("/ranges/\(range.id)")
            #expect(page.status == .ok && page.text.contains("The address range was added."))
            let list = await manager.get("/ranges")
            #expect(list.text.contains("Office") && list.text.contains("10.0.0.0/24") && list.text.contains("Discover now"))

            let edit = await manager.get("/ranges/\(range.id)/edit")
            #expect(edit.status == .ok && edit.text.contains("value=\"10.0.0.0/24\"") && edit.text.contains("10.0.0.5, 10.0.0.7, 10.0.0.9"))
            let updated = await manager.post("/ranges/\(range.id)/update", RangeFixtures.form(agent: agent.agentID, [
                ("name", "Second floor"), ("cidr", ""), ("first_address", "10.0.1.10"), ("last_address", "10.0.1.20"),
                ("exclusions", "10.0.1.12"), ("snmp_version", "1"), ("snmp_port", "161"),
            ]))
            #expect(updated.status == .seeOther)
            ranges = try await fleet.rangesOfA()
            #expect(ranges.first?.name == "Second floor" && ranges.first?.cidr == nil)
            #expect(ranges.first?.rangeText == "10.0.1.10-10.0.1.20" && ranges.first?.exclusions == ["10.0.1.12"])
            #expect(ranges.first?.snmpVersion == "1")

            let confirm = await manager.get("/ranges/\(range.id)/delete")
            #expect(confirm.status == .ok && confirm.text.contains("Second floor"))
            #expect(try await fleet.rangesOfA().count == 1)  // asking deletes nothing
            let deleted = await manager.post("/ranges/\(range.id)/delete", [])
            #expect(deleted.status == .seeOther && deleted.headers["Location"] == "/ranges")
            #expect(try await fleet.rangesOfA().isEmpty)
        }
    }

    /// Each bad input: 422, the form again with the user's input, the message next to its field, nothing stored.
    @Test func everyValidationPathReshowsTheFormAndStoresNothing() async throws {
        try await WebFleet.with { fleet in
            let agent = try await fleet.rangeAgent(fleet.orgA, serial: "0A0002")
            let manager = try await fleet.client("manager@a.test")
            let catalog = fleet.context.translations[.en]
            let cases: [([(String, String)], String, String, String)] = [
                ([("cidr", "10.0.0.5/24")], "cidr", "validation.cidr.host_bits_set", "10.0.0.5/24"),
                ([("cidr", ""), ("first_address", "10.0.0.9"), ("last_address", "10.0.0.1")], "last_address",
                 "validation.last_address.reversed", "10.0.0.9"),
                ([("exclusions", "10.0.5.1")], "exclusions", "validation.exclusions.outside", "10.0.5.1"),
                ([("exclusions", "10.0.0.1, banana")], "exclusions", "validation.exclusions.invalid", "banana"),
                ([("first_address", "10.0.0.1"), ("last_address", "10.0.0.9")], "cidr", "validation.cidr.exclusive", "10.0.0.9"),
                ([("cidr", "")], "cidr", "validation.cidr.required", "Office"),
                ([("cidr", ""), ("first_address", "10.0.0.1")], "last_address", "validation.last_address.required", "10.0.0.1"),
                ([("cidr", "10.0.0.0/8")], "cidr", "validation.cidr.too_large", "10.0.0.0/8"),
                ([("name", "")], "name", "validation.name.required", "10.0.0.0/24"),
                ([("snmp_port", "70000")], "snmp_port", "validation.snmp_port.invalid", "70000"),
                ([("snmp_version", "3")], "snmp_version", "validation.snmp_version.invalid", "10.0.0.0/24"),
                ([("snmp_community", "")], "snmp_community", "validation.snmp_community.invalid", "10.0.0.0/24"),
                ([("agent_id", "")], "agent_id", "validation.agent_id.required", "10.0.0.0/24"),
                ([("agent_id", "999999")], "agent_id", "validation.agent_id.invalid", "10.0.0.0/24"),
            ]
            for (changes, field, key, kept) in cases {
                let answer = await manager.post("/ranges", RangeFixtures.form(agent: agent.agentID, changes))
                let html = answer.text
                #expect(answer.status == .unprocessableContent, "\(changes)")
                #expect(html.contains("<p class=\"field-error\" id=\"field-\(field)-error\">\(RangeFixtures.escape(catalog.text(key)))</p>"),
                        "\(changes): \(key)")
                #expect(html.contains("aria-describedby=\"") && html.contains("field-\(field)-error\""), "\(changes)")
                #expect(html.contains(kept), "\(changes) keeps the input")
                #expect(html.contains(catalog.text("validation.form_invalid")))
            }
            #expect(try await fleet.rangesOfA().isEmpty)

            // The same on edit: the stored range stays as it was.
            guard case .saved(let range) = try await AddressRangeStore(database: fleet.db.database).create(
                AddressRangeDraft(agentID: agent.agentID, name: "Kept", cidr: "10.0.0.0/24"), scope: try await fleet.scope("manager@a.test"))
            else { throw WebTestFailure("no range") }
            let bad = await manager.post("/ranges/\(range.id)/update", RangeFixtures.form(agent: agent.agentID, [("cidr", "10.0.0.9-10.0.0.1")]))
            #expect(bad.status == .unprocessableContent && bad.text.contains("value=\"10.0.0.9-10.0.0.1\""))
            #expect(try await fleet.rangesOfA().first == range)
        }
    }

    @Test func viewersSeeNoButtonsAndAreRefused() async throws {
        try await WebFleet.with { fleet in
            let agent = try await fleet.rangeAgent(fleet.orgA, serial: "0A0003")
            let range = try await fleet.makeRange(agent: agent.agentID, name: "Office")
            let viewer = try await fleet.client("viewer@a.test")
            let list = await viewer.get("/ranges")
            #expect(list.status == .ok && list.text.contains("Office"))
            #expect(!list.text.contains("/ranges/new") && !list.text.contains("/discover") && !list.text.contains("/delete"))
            let page = await viewer.get("/ranges/\(range.id)")
            #expect(page.status == .ok && !page.text.contains("/discover") && !page.text.contains("/edit"))
            #expect(await viewer.get("/ranges/new").status == .forbidden)
            #expect(await viewer.get("/ranges/\(range.id)/edit").status == .forbidden)
            #expect(await viewer.get("/ranges/\(range.id)/delete").status == .forbidden)
            #expect(await viewer.post("/ranges", RangeFixtures.form(agent: agent.agentID, [("name", "Mine")])).status == .forbidden)
            #expect(await viewer.post("/ranges/\(range.id)/update", RangeFixtures.form(agent: agent.agentID, [("name", "Mine")])).status == .forbidden)
            #expect(await viewer.post("/ranges/\(range.id)/delete", []).status == .forbidden)
            #expect(await viewer.post("/ranges/\(range.id)/discover", []).status == .forbidden)
            #expect(try await fleet.rangesOfA() == [range])
            #expect(try await CommandStore(database: fleet.db.database).pending(for: agent).isEmpty)
        }
    }

    @Test func anotherOrganizationsRangeIsNotFound() async throws {
        try await WebFleet.with { fleet in
            let agent = try await fleet.rangeAgent(fleet.orgA, serial: "0A0004")
            let range = try await fleet.makeRange(agent: agent.agentID, name: "Secret office A")
            let other = try await fleet.client("admin@b.test")
            for path in ["/ranges/\(range.id)", "/ranges/\(range.id)/edit", "/ranges/\(range.id)/delete", "/ranges/\(range.id)/progress"] {
                let answer = await other.get(path)
                #expect(answer.status == .notFound, "\(path)")
                #expect(!answer.text.contains("Secret office A"), "\(path)")
            }
            #expect(await other.post("/ranges/\(range.id)/discover", []).status == .notFound)
            #expect(await other.post("/ranges/\(range.id)/update", RangeFixtures.form(agent: agent.agentID, [("name", "Taken")])).status == .notFound)
            #expect(await other.post("/ranges/\(range.id)/delete", []).status == .notFound)
            #expect(!(await other.get("/ranges")).text.contains("Secret office A"))
            // B's admin cannot hang a range of its own on A's agent either.
            let foreign = await other.post("/ranges", RangeFixtures.form(agent: agent.agentID, [("name", "Foreign")]))
            #expect(foreign.status == .unprocessableContent)
            #expect(try await fleet.rangesOfA() == [range])
            #expect(try await CommandStore(database: fleet.db.database).pending(for: agent).isEmpty)
        }
    }

    @Test func storedMarkupInARangeNameRendersInert() async throws {
        try await WebFleet.with { fleet in
            let agent = try await fleet.rangeAgent(fleet.orgA, serial: "0A0005")
            let range = try await fleet.makeRange(agent: agent.agentID, name: "<script>alert(1)</script>\"><img src=x>")
            let manager = try await fleet.client("manager@a.test")
            for path in ["/ranges", "/ranges/\(range.id)", "/ranges/\(range.id)/edit", "/ranges/\(range.id)/delete"] {
                let html = await manager.get(path).text
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x&gt;"), "\(path)")
                #expect(!html.contains("<script>alert") && !html.contains("<img src=x"), "\(path)")
            }
        }
    }

    @Test(arguments: Language.allCases)
    func everyRangePageRendersInEveryLanguage(_ language: Language) async throws {
        try await WebFleet.with { fleet in
            let agent = try await fleet.rangeAgent(fleet.orgA, serial: "0A0006")
            let range = try await fleet.makeRange(agent: agent.agentID, name: "Office")
            let catalog = fleet.context.translations[language]
            let manager = try await fleet.client("manager@a.test", language: language.rawValue)
            _ = await manager.post("/ranges/\(range.id)/discover", [])
            let pages: [(String, String)] = [
                ("/ranges", "ranges.title"), ("/ranges/new", "ranges.create_title"), ("/ranges/\(range.id)", "ranges.show_title"),
                ("/ranges/\(range.id)/edit", "ranges.edit_title"), ("/ranges/\(range.id)/delete", "ranges.delete_title"),
            ]
            for (path, key) in pages {
                let answer = await manager.get(path)
                #expect(answer.status == .ok, "\(path)")
                RangeFixtures.checkPage(answer.text, title: catalog.text(key), language: language, path: path)
            }
            let invalid = await manager.post("/ranges", RangeFixtures.form(agent: agent.agentID, [("cidr", "10.0.0.5/24"), ("exclusions", "x")]))
            #expect(invalid.status == .unprocessableContent)
            RangeFixtures.checkPage(invalid.text, title: catalog.text("ranges.create_title"), language: language, path: "invalid")
            #expect(invalid.text.contains(RangeFixtures.escape(catalog.text("validation.exclusions.invalid"))))
        }
    }
}

/// Shared set-up of the range and schedule tests.
enum RangeFixtures {
    /// A valid range form; `changes` replace or add fields.
    static func form(agent: Int64, _ changes: [(String, String)] = []) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("name", "Office"), ("cidr", "10.0.0.0/24"), ("first_address", ""), ("last_address", ""), ("exclusions", ""),
            ("snmp_version", "2c"), ("snmp_community", "secret"), ("snmp_port", "1161"), ("agent_id", String(agent)),
        ]
        for (name, value) in changes {
            if let index = fields.firstIndex(where: { $0.0 == name }) { fields[index].1 = value } else { fields.append((name, value)) }
        }
        return fields
    }

    /// Text as the templates escape it.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    /// A whole page in `language` with its title, no template tag and no raw catalog key.
    static func checkPage(_ html: String, title: String, language: Language, path: String,
                          sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<html lang=\"\(language.rawValue)\">"), sourceLocation: sourceLocation)
        #expect(html.contains("<title>\(escape(title)) · PrinterCare</title>"), "\(path)", sourceLocation: sourceLocation)
        #expect(!html.contains("{{"), "\(path)", sourceLocation: sourceLocation)
        #expect(!html.contains("<h1></h1>") && !html.contains("<h2></h2>") && !html.contains("<label for=\"field-name\"></label>"),
                "\(path)", sourceLocation: sourceLocation)
        let text = html.replacingOccurrences(of: "ranges.css", with: "").replacingOccurrences(of: "ranges.js", with: "")
        for prefix in ["ranges.", "schedules.", "validation.", "common.", "time."] {
            #expect(!text.contains(">" + prefix) && !text.contains(" " + prefix), "\(path): raw \(prefix) key", sourceLocation: sourceLocation)
        }
    }
}

extension WebFleet {
    /// An enrolled agent of `organizationID` (made by the dealer's admin; a synthetic certificate record).
    func rangeAgent(_ organizationID: Int64, serial: String, name: String = "Office agent") async throws -> AgentIdentity {
        let agents = AgentStore(database: db.database)
        let token = "range-test-token-" + serial
        guard case .saved = try await agents.create(name: name, organizationID: organizationID, token: token,
                                                    scope: try await scope("boss@dealer.test"))
        else { throw WebTestFailure("could not create an agent") }
        let notAfter = Date().addingTimeInterval(86_400)
        let (agent, _) = try #require(try await agents.enroll(token: token, version: "test") { _, _ in
            IssuedCertificate(serial: serial, notAfter: notAfter, pem: "synthetic")
        })
        return AgentIdentity(agentID: agent.id, organizationID: agent.organizationID, serial: serial, notAfter: notAfter)
    }

    /// The scope `email` signs in with.
    func scope(_ email: String) async throws -> TenantScope {
        try #require(try await users.credentials(email: email)).scope
    }

    /// A range of customer A made through the Store (10.0.0.0/24 without 10.0.0.5).
    func makeRange(agent: Int64, name: String, cidr: String = "10.0.0.0/24", exclusions: [String] = ["10.0.0.5"]) async throws -> StoredAddressRange {
        guard case .saved(let range) = try await AddressRangeStore(database: db.database).create(
            AddressRangeDraft(agentID: agent, name: name, cidr: cidr, exclusions: exclusions), scope: try await scope("admin@a.test"))
        else { throw WebTestFailure("could not create a range") }
        return range
    }

    /// Customer A's ranges as stored.
    func rangesOfA() async throws -> [StoredAddressRange] {
        try await AddressRangeStore(database: db.database).list(scope: try await scope("admin@a.test"))
    }
}

import FleetCore
import Foundation
import HTTPServer
import Store
import Testing
@testable import WebApp

/// The agent pages: adding one shows a one-time command whose token really enrols, revoking takes
/// effect, viewers and managers change nothing, and another customer's agents stay invisible.
@Suite struct AgentPageTests {
    @Test func addingAnAgentShowsACommandWhoseTokenEnrolsOnce() async throws {
        try await WebFleet.with { fleet in
            let admin = try await fleet.client("admin@a.test")
            #expect(await admin.get("/agents/new").status == .ok)
            let answer = await admin.post("/agents", [("name", "Warehouse agent")])
            #expect(answer.status == .ok, "\(answer.text.prefix(500))")
            #expect(answer.headers["Cache-Control"] == "no-store")
            let html = answer.text
            let prefix = "printercare-agent enroll --server http://printercare.test --token "
            #expect(html.contains(prefix + "pce_"))
            #expect(html.contains("printercare-agent run") && html.contains("agent/printercare-agent.service"))
            let token = try #require(AdminFixtures.token(after: prefix, in: html))
            #expect(token.hasPrefix("pce_") && token.count > 20)

            let agents = AgentStore(database: fleet.db.database)
            let enrolled = try await agents.enroll(token: token, version: "1.2.3") { _, _ in
                IssuedCertificate(serial: "AB01", notAfter: Date().addingTimeInterval(86_400 * 30), pem: "synthetic")
            }
            let agent = try #require(enrolled).0
            #expect(agent.organizationID == fleet.orgA && agent.name == "Warehouse agent")
            #expect(try await agents.enroll(token: token, version: nil) { _, _ in
                IssuedCertificate(serial: "AB02", notAfter: Date(), pem: "synthetic")
            } == nil, "a token enrols once")

            let list = await admin.get("/agents")
            #expect(list.status == .ok && list.text.contains("Warehouse agent") && list.text.contains("Online"))
            #expect(list.text.contains("1.2.3"))
            #expect(!list.text.contains(token))
            let details = await admin.get("/agents/\(agent.id)")
            #expect(details.status == .ok && !details.text.contains(token) && details.text.contains("/agents/\(agent.id)/revoke"))

            // Over HTTPS the command names the https origin.
            admin.secure = true
            let secure = await admin.post("/agents", [("name", "Second")])
            #expect(secure.text.contains("printercare-agent enroll --server https://printercare.test --token pce_"))
            // A missing name is refused next to the field.
            let empty = await admin.post("/agents", [("name", "  ")])
            #expect(empty.status == .unprocessableContent && empty.text.contains("field-error"))
        }
    }

    @Test func revokingAsksFirstThenMarksTheAgentRevoked() async throws {
        try await WebFleet.with { fleet in
            let agent = try await AdminFixtures.agent(fleet, "admin@a.test", name: "Doomed")
            let admin = try await fleet.client("admin@a.test")
            let confirm = await admin.get("/agents/\(agent.id)/revoke")
            #expect(confirm.status == .ok && confirm.text.contains("action=\"/agents/\(agent.id)/revoke\""))
            let revoked = await admin.post("/agents/\(agent.id)/revoke", [])
            #expect(revoked.status == .seeOther && revoked.headers["Location"] == "/agents/\(agent.id)")
            let stored = try #require(try await AgentStore(database: fleet.db.database).find(agent.id, scope: AdminFixtures.scope(fleet, "admin@a.test")))
            #expect(stored.revokedAt != nil)
            let list = await admin.get("/agents")
            #expect(list.text.contains("Doomed") && list.text.contains("Revoked"))
            #expect(await admin.get("/agents/\(agent.id)/revoke").text.contains("already revoked"))
        }
    }

    @Test(arguments: ["viewer@a.test", "manager@a.test"])
    func nonAdminsSeeAgentsButChangeNothing(_ email: String) async throws {
        try await WebFleet.with { fleet in
            let agent = try await AdminFixtures.agent(fleet, "admin@a.test", name: "Kept")
            let client = try await fleet.client(email)
            let list = await client.get("/agents")
            #expect(list.status == .ok && list.text.contains("Kept") && !list.text.contains("href=\"/agents/new\""))
            #expect(await client.get("/agents/\(agent.id)").status == .ok)
            #expect(await client.get("/agents/new").status == .forbidden)
            #expect(await client.get("/agents/\(agent.id)/revoke").status == .forbidden)
            #expect(await client.post("/agents", [("name", "Sneaky")]).status == .forbidden)
            #expect(await client.post("/agents/\(agent.id)/revoke", []).status == .forbidden)
            let agents = try await AgentStore(database: fleet.db.database).list(scope: AdminFixtures.scope(fleet, "admin@a.test"))
            #expect(agents.map(\.name) == ["Kept"] && agents[0].revokedAt == nil)
        }
    }

    @Test func anotherCustomersAgentIsNeitherListedNorReachable() async throws {
        try await WebFleet.with { fleet in
            let other = try await AdminFixtures.agent(fleet, "admin@b.test", name: "B-side agent")
            let admin = try await fleet.client("admin@a.test")
            #expect(!(await admin.get("/agents").text.contains("B-side agent")))
            #expect(await admin.get("/agents/\(other.id)").status == .notFound)
            #expect(await admin.get("/agents/\(other.id)/revoke").status == .notFound)
            #expect(await admin.post("/agents/\(other.id)/revoke", []).status == .notFound)
            let stored = try await AgentStore(database: fleet.db.database).find(other.id, scope: AdminFixtures.scope(fleet, "admin@b.test"))
            #expect(stored?.revokedAt == nil)
            // The dealer sees both, with the organization named.
            let boss = try await fleet.client("boss@dealer.test")
            let list = await boss.get("/agents").text
            #expect(list.contains("B-side agent") && list.contains("Customer B"))
        }
    }

    @Test func silentFilterKeepsAgentsNotSeenLately() async throws {
        try await WebFleet.with { fleet in
            let quiet = try await AdminFixtures.enrolledAgent(fleet, name: "Quiet one", serial: "C1")
            _ = try await AdminFixtures.enrolledAgent(fleet, name: "Chatty one", serial: "C2")
            _ = try await AdminFixtures.agent(fleet, "admin@a.test", name: "Never enrolled")
            try await AdminFixtures.system(fleet, "UPDATE agents SET last_seen_at = now() - interval '2 hours' WHERE id = \(quiet.agentID)")
            let viewer = try await fleet.client("viewer@a.test")
            let all = await viewer.get("/agents").text
            #expect(all.contains("Not seen lately") && all.contains("Waiting for enrolment") && all.contains("Online"))
            let silent = await viewer.get("/agents?silent=1").text
            #expect(silent.contains("Quiet one") && !silent.contains("Chatty one") && !silent.contains("Never enrolled"))
        }
    }

    @Test func markupInAnAgentNameIsInert() async throws {
        try await WebFleet.with { fleet in
            let admin = try await fleet.client("admin@a.test")
            let created = await admin.post("/agents", [("name", "<img src=x onerror=alert(1)>")])
            #expect(created.status == .ok)
            #expect(created.text.contains("&lt;img src=x onerror=alert(1)&gt;") && !created.text.contains("<img src=x"))
            let list = await admin.get("/agents").text
            #expect(list.contains("&lt;img src=x onerror=alert(1)&gt;") && !list.contains("<img src=x"))
        }
    }
}

/// Agents, devices and alerts made for the admin-area tests.
enum AdminFixtures {
    static func scope(_ fleet: WebFleet, _ email: String) async throws -> TenantScope {
        try #require(try await fleet.users.credentials(email: email)).scope
    }

    /// An agent waiting for enrolment, made through the Store.
    static func agent(_ fleet: WebFleet, _ email: String, name: String, token: String = "pce_" + UUID().uuidString) async throws -> Agent {
        let scope = try await scope(fleet, email)
        guard case .saved(let agent) = try await AgentStore(database: fleet.db.database)
            .create(name: name, organizationID: scope.homeOrganizationID, token: token, scope: scope) else {
            throw WebTestFailure("could not create agent \(name)")
        }
        return agent
    }

    /// An enrolled agent of `email`'s organization (a synthetic certificate record).
    static func enrolledAgent(_ fleet: WebFleet, _ email: String = "admin@a.test", name: String = "agent",
                              serial: String) async throws -> AgentIdentity {
        let token = "pce_" + UUID().uuidString
        _ = try await agent(fleet, email, name: name, token: token)
        let notAfter = Date().addingTimeInterval(86_400 * 90)
        let (agent, _) = try #require(try await AgentStore(database: fleet.db.database).enroll(token: token, version: "0.9") { _, _ in
            IssuedCertificate(serial: serial, notAfter: notAfter, pem: "synthetic")
        })
        return AgentIdentity(agentID: agent.id, organizationID: agent.organizationID, serial: serial, notAfter: notAfter)
    }

    /// Stores readings through the real ingest: one per address, with its alerts.
    static func ingest(_ fleet: WebFleet, _ identity: AgentIdentity, key: String,
                       _ printers: [(address: String, serial: String, alerts: [Alert])], at date: Date = Date()) async throws {
        let readings = printers.map { printer in
            UploadedReading(deviceID: nil, commandID: nil, snmp: SNMPSettings(community: "public", version: "2c", port: 161),
                            reading: Reading(address: printer.address, description: "Synthetic LaserJet", manufacturer: "HP",
                                             model: "LaserJet \(printer.serial)", serialNumber: printer.serial,
                                             status: DeviceStatus(device: "running", printer: "idle", errors: []),
                                             counters: Counters(total: 1000), alerts: printer.alerts, collectedAt: date))
        }
        _ = try await DeviceStore(database: fleet.db.database).ingest(AgentUpload(uploadKey: key, readings: readings), from: identity)
    }

    /// Runs one statement with row-level security's system switch on (test set-up only).
    static func system(_ fleet: WebFleet, _ sql: SQL) async throws {
        try await fleet.db.database.transaction(settings: ["printercare.system": "on"]) { (tx) throws(StoreError) in
            _ = try tx.execute(sql)
        }
    }

    /// The text after `prefix` up to the next `<` or whitespace.
    static func token(after prefix: String, in html: String) -> String? {
        guard let range = html.range(of: prefix) else { return nil }
        return String(html[range.upperBound...].prefix { !$0.isWhitespace && $0 != "<" })
    }
}

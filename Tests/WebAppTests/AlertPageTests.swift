import FleetCore
import Foundation
import HTTPServer
import Store
import Testing
@testable import WebApp

/// The alert list: codes in words, filters, pages, acknowledgement (who and when, once), roles and tenancy.
@Suite struct AlertPageTests {
    /// Customer A: two printers, one with a low toner warning and a critical jam, the other with a
    /// door open that is cleared by a later reading. Customer B: one printer with a critical alert.
    static func fleetWithAlerts(_ fleet: WebFleet) async throws {
        let a = try await AdminFixtures.enrolledAgent(fleet, name: "A agent", serial: "A1")
        let t0 = Date().addingTimeInterval(-7200)
        try await AdminFixtures.ingest(fleet, a, key: "upload-a-0001", [
            ("192.0.2.10", "SN-TONER", [Alert(index: "1.1", severity: "warning", code: "toner_almost_empty", group: "marker_supplies",
                                              description: "Black toner low", rawCode: 1104),
                                        Alert(index: "1.2", severity: "critical", code: "jam", group: "media_path", description: "Jam in tray 2",
                                              rawCode: 8)]),
            ("192.0.2.11", "SN-DOOR", [Alert(index: "1.1", severity: "critical", code: "door_open", description: "Front door", rawCode: 501)]),
        ], at: t0)
        try await AdminFixtures.ingest(fleet, a, key: "upload-a-0002", [("192.0.2.11", "SN-DOOR", [])], at: t0.addingTimeInterval(600))
        let b = try await AdminFixtures.enrolledAgent(fleet, "admin@b.test", name: "B agent", serial: "B1")
        try await AdminFixtures.ingest(fleet, b, key: "upload-b-0001", [
            ("198.51.100.7", "SN-SECRET-B", [Alert(index: "1.1", severity: "critical", code: "subunit_unrecoverable_failure",
                                                   description: "B only", rawCode: 30)]),
        ], at: t0)
    }

    static func alerts(_ fleet: WebFleet, _ email: String, _ state: AlertFilter.State = .all) async throws -> [DeviceAlert] {
        try await AlertStore(database: fleet.db.database).list(AlertFilter(state: state), page: 1,
                                                                scope: AdminFixtures.scope(fleet, email)).alerts
    }

    @Test func listShowsOpenAlertsInWordsAndNeverAnotherCustomers() async throws {
        try await WebFleet.with { fleet in
            try await Self.fleetWithAlerts(fleet)
            let viewer = try await fleet.client("viewer@a.test")
            let page = await viewer.get("/alerts")
            let html = page.text
            #expect(page.status == .ok)
            #expect(html.contains("Toner low") && html.contains("Paper jam") && html.contains("Black toner low"))
            #expect(!html.contains("Door open"), "cleared alerts are not open")
            #expect(!html.contains("SN-SECRET-B") && !html.contains("198.51.100.7") && !html.contains("B only"))
            let device = try #require(try await Self.alerts(fleet, "admin@a.test").first { $0.code == "jam" }).deviceID
            #expect(html.contains("href=\"/devices/\(device)\"") && html.contains("192.0.2.10"))
            #expect(!html.contains("/acknowledge"), "viewers get no acknowledge button")
            let all = await viewer.get("/alerts?state=all").text
            #expect(all.contains("Door open") && !all.contains("B only"))
            let german = try await fleet.client("viewer@a.test", language: "de")
            #expect(await german.get("/alerts").text.contains("Toner fast leer"))
        }
    }

    @Test func filtersBySeverityStateAndDevice() async throws {
        try await WebFleet.with { fleet in
            try await Self.fleetWithAlerts(fleet)
            let client = try await fleet.client("viewer@a.test")
            let critical = await client.get("/alerts?state=open&severity=critical").text
            #expect(critical.contains("Paper jam") && !critical.contains("Toner low"))
            let cleared = await client.get("/alerts?state=cleared").text
            #expect(cleared.contains("Door open") && !cleared.contains("Paper jam"))
            let byDevice = await client.get("/alerts?state=all&device=SN-DOOR").text
            #expect(byDevice.contains("Door open") && !byDevice.contains("Toner low"))
            let byAddress = await client.get("/alerts?state=all&device=192.0.2.10").text
            #expect(byAddress.contains("Toner low") && !byAddress.contains("Door open"))
            let none = await client.get("/alerts?state=all&device=%25").text
            #expect(none.contains("No alerts match"), "% is searched literally")
            // Nonsense in the query falls back to the defaults rather than failing.
            #expect(await client.get("/alerts?state=bogus&severity=%3Cx%3E&page=-4").status == .ok)
        }
    }

    @Test func managersAcknowledgeOnceAndItShowsWhoAndWhen() async throws {
        try await WebFleet.with { fleet in
            try await Self.fleetWithAlerts(fleet)
            let jam = try #require(try await Self.alerts(fleet, "admin@a.test").first { $0.code == "jam" })
            let manager = try await fleet.client("manager@a.test")
            #expect(await manager.get("/alerts").text.contains("action=\"/alerts/\(jam.id)/acknowledge\""))
            let first = await manager.post("/alerts/\(jam.id)/acknowledge", [("return_to", "/alerts?state=all")])
            #expect(first.status == .seeOther && first.headers["Location"] == "/alerts?state=all")
            let stored = try #require(try await Self.alerts(fleet, "admin@a.test").first { $0.id == jam.id })
            let when = try #require(stored.acknowledgedAt)
            #expect(stored.acknowledgedBy == "User manager@a.test")
            let admin = try await fleet.client("admin@a.test")
            #expect(await admin.post("/alerts/\(jam.id)/acknowledge", []).status == .seeOther)
            let again = try #require(try await Self.alerts(fleet, "admin@a.test").first { $0.id == jam.id })
            #expect(again.acknowledgedAt == when && again.acknowledgedBy == "User manager@a.test", "the first acknowledgement stays")
            let open = await manager.get("/alerts").text
            #expect(!open.contains("Paper jam"), "acknowledged alerts leave the open list")
            let acknowledged = await manager.get("/alerts?state=acknowledged").text
            #expect(acknowledged.contains("Paper jam") && acknowledged.contains("Acknowledged by User manager@a.test at"))
            // An outside return address is not followed.
            let toner = try #require(try await Self.alerts(fleet, "admin@a.test").first { $0.code == "toner_almost_empty" })
            let outside = await manager.post("/alerts/\(toner.id)/acknowledge", [("return_to", "//evil.example/")])
            #expect(outside.headers["Location"] == "/alerts")
        }
    }

    @Test func viewersAndOtherCustomersCannotAcknowledge() async throws {
        try await WebFleet.with { fleet in
            try await Self.fleetWithAlerts(fleet)
            let toner = try #require(try await Self.alerts(fleet, "admin@a.test").first { $0.code == "toner_almost_empty" })
            let secret = try #require(try await Self.alerts(fleet, "admin@b.test").first)
            let viewer = try await fleet.client("viewer@a.test")
            #expect(await viewer.post("/alerts/\(toner.id)/acknowledge", []).status == .forbidden)
            let adminA = try await fleet.client("admin@a.test")
            #expect(await adminA.post("/alerts/\(secret.id)/acknowledge", []).status == .notFound)
            #expect(await adminA.post("/alerts/999999/acknowledge", []).status == .notFound)
            #expect(try await Self.alerts(fleet, "admin@a.test").allSatisfy { $0.acknowledgedAt == nil })
            #expect(try await Self.alerts(fleet, "admin@b.test").allSatisfy { $0.acknowledgedAt == nil })
        }
    }

    @Test func longListsArePaged() async throws {
        try await WebFleet.with { fleet in
            let agent = try await AdminFixtures.enrolledAgent(fleet, name: "busy", serial: "P1")
            let many = (1...60).map { Alert(index: "1.\($0)", severity: "warning", code: "input_media_supply_low",
                                            description: "Tray \($0) low", rawCode: 807) }
            try await AdminFixtures.ingest(fleet, agent, key: "upload-many-01", [("192.0.2.50", "SN-MANY", many)])
            let client = try await fleet.client("viewer@a.test")
            let first = await client.get("/alerts").text
            #expect(first.components(separatedBy: "Paper low").count - 1 == 50)
            #expect(first.contains("href=\"/alerts?state=open&amp;page=2\"") && !first.contains("rel=\"prev\""))
            let second = await client.get("/alerts?state=open&page=2").text
            #expect(second.components(separatedBy: "Paper low").count - 1 == 10)
            #expect(second.contains("rel=\"prev\"") && !second.contains("rel=\"next\""))
        }
    }
}

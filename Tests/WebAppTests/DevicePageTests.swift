import FleetCore
import Foundation
import HTTPServer
import Store
import Testing
@testable import WebApp

/// A device's page: supplies, counters, the page-volume chart, alerts, trays and the raw reading;
/// the user fields form (managers only, validated, nothing changed on bad input); tenancy; languages.
@Suite struct DevicePageTests {
    /// Catalog keys of this area left untranslated in a page (the catalog answers a missing key with the key).
    static func rawKeys(_ html: String) -> [String] {
        let groups = "status|overview|list|colors|kinds|states|supply|chart|show|hr_device|hr_printer|flags|severity|alert_codes|trays|counters|fields|errors"
        let pattern = try! Regex("(devices\\.(\(groups))\\.[a-z_]+|validation\\.[a-z_.]+|fleet\\.[a-z_]+|time\\.[a-z_]+)")
        return html.matches(of: pattern).map { String(html[$0.range]) }
    }

    @Test func showsSuppliesCountersAndChartBars() async throws {
        try await WebFleet.with { fleet in
            _ = try await DeviceFixtures.fleet(fleet)
            let id = try await DeviceFixtures.deviceID(fleet, serial: "SYN-OK")
            let page = await (try await fleet.client("viewer@a.test")).get("/devices/\(id)")
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("<title>Synthetic LaserJet 1"))
            #expect(html.contains("SYN-OK") && html.contains("00:00:5E:00:53:01") && html.contains("SYN-1.0") && html.contains("INV-SYN-OK"))
            #expect(html.contains("aria-label=\"Black: 50 %\"") && html.contains("TONER-black"))
            #expect(html.contains("Total pages") && (html.contains("1,400") || html.contains("1400")))
            // Deltas 100, 250 and 50 pages: the largest fills the 130-unit plot, the others in proportion.
            #expect(html.contains("height=\"130\"><title>") && html.contains(": 250 pages</title>"))
            #expect(try Regex("height=\"52\"><title>[0-9-]+: 100 pages</title>").firstMatch(in: html) != nil)
            #expect(try Regex("height=\"26\"><title>[0-9-]+: 50 pages</title>").firstMatch(in: html) != nil)
            #expect(try Regex("height=\"130\"><title>[0-9-]+: 250 pages</title>").firstMatch(in: html) != nil)
            #expect(html.components(separatedBy: "400 pages in all").count == 5)  // daily and monthly, figure and caption
            // Supply history: one line for black over the last days.
            #expect(html.contains("<polyline class=\"line-black\""))
            #expect(html.contains("<details class=\"panel raw-reading\">") && html.contains("&quot;SYN-OK&quot;"))
            // A viewer sees the fields but no form.
            #expect(!html.contains("action=\"/devices/\(id)/fields\""))
        }
    }

    @Test func errorFlagsAlertsTraysAndInertLocation() async throws {
        try await WebFleet.with { fleet in
            _ = try await DeviceFixtures.fleet(fleet)
            let viewer = try await fleet.client("viewer@a.test")
            let jam = await viewer.get("/devices/\(try await DeviceFixtures.deviceID(fleet, serial: "SYN-JAM"))").text
            #expect(jam.contains("<li>Paper jam</li>"))
            #expect(jam.contains(">Critical</span>") && jam.contains("Jam in tray 2") && jam.contains("Still present"))
            #expect(jam.contains("Tray 1") && jam.contains("Removable tray") && jam.contains("100 of 250"))
            #expect(jam.contains("aria-label=\"Black: Low\""))
            let low = await viewer.get("/devices/\(try await DeviceFixtures.deviceID(fleet, serial: "SYN-LOW"))").text
            #expect(!low.contains("<script>alert") && low.contains("&lt;script&gt;"))
            #expect(low.contains("Toner low"))
        }
    }

    @Test func anotherCustomersDeviceIsNotFound() async throws {
        try await WebFleet.with { fleet in
            _ = try await DeviceFixtures.fleet(fleet)
            let other = try await DeviceFixtures.deviceID(fleet, serial: "SYN-B")
            let admin = try await fleet.client("admin@a.test")
            #expect(await admin.get("/devices/\(other)").status == .notFound)
            #expect(await admin.get("/devices/999999").status == .notFound)
            #expect(await admin.get("/devices/abc").status == .notFound)
            await admin.get("/devices")
            let posted = await admin.post("/devices/\(other)/fields", [("asset_number", "stolen")])
            #expect(posted.status == .notFound)
            let stored = try await DeviceStore(database: fleet.db.database).find(other, scope: DeviceFixtures.scope(fleet, "admin@b.test"))
            #expect(stored?.assetNumber == nil)
        }
    }

    @Test func managersEditFieldsViewersCannotAndBadInputChangesNothing() async throws {
        try await WebFleet.with { fleet in
            _ = try await DeviceFixtures.fleet(fleet)
            let id = try await DeviceFixtures.deviceID(fleet, serial: "SYN-OK")
            let store = DeviceStore(database: fleet.db.database)
            let scope = try await DeviceFixtures.scope(fleet, "admin@a.test")
            let manager = try await fleet.client("manager@a.test")
            #expect(await manager.get("/devices/\(id)").text.contains("action=\"/devices/\(id)/fields\""))
            let saved = await manager.post("/devices/\(id)/fields", [
                ("asset_number", " A-0001 "), ("location_note", "Next to the <b>kitchen</b>\nsecond door"),
                ("field_name_0", "Cost centre"), ("field_value_0", "CC-42"), ("field_name_1", ""), ("field_value_1", ""),
            ])
            #expect(saved.status == .seeOther && saved.headers["Location"] == "/devices/\(id)")
            var device = try #require(try await store.find(id, scope: scope))
            #expect(device.assetNumber == "A-0001" && device.locationNote == "Next to the <b>kitchen</b>\nsecond door")
            #expect(device.customFields == ["Cost centre": "CC-42"])
            let shown = await manager.get("/devices/\(id)").text
            #expect(shown.contains("The device&#39;s fields were saved.") || shown.contains("fields were saved"))
            #expect(shown.contains("&lt;b&gt;kitchen&lt;/b&gt;") && shown.contains("CC-42"))

            // Bad input: too long, a control character, a value without a name. Nothing changes.
            let bad = await manager.post("/devices/\(id)/fields", [
                ("asset_number", String(repeating: "x", count: 101)), ("location_note", "ok"),
                ("field_name_0", "Bell\u{7}"), ("field_value_0", "v"), ("field_name_1", ""), ("field_value_1", "orphan"),
            ])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("id=\"field-asset_number-error\"") && bad.text.contains("100"))
            #expect(bad.text.contains("id=\"field-field_name_0-error\"") && bad.text.contains("id=\"field-field_name_1-error\""))
            #expect(bad.text.contains("value=\"orphan\""))
            device = try #require(try await store.find(id, scope: scope))
            #expect(device.assetNumber == "A-0001" && device.customFields == ["Cost centre": "CC-42"])

            let viewer = try await fleet.client("viewer@a.test")
            await viewer.get("/devices/\(id)")
            #expect(await viewer.post("/devices/\(id)/fields", [("asset_number", "viewer was here")]).status == .forbidden)
            device = try #require(try await store.find(id, scope: scope))
            #expect(device.assetNumber == "A-0001")
        }
    }

    @Test func everyPageInEveryLanguage() async throws {
        try await WebFleet.with { fleet in
            _ = try await DeviceFixtures.fleet(fleet)
            let ids = [try await DeviceFixtures.deviceID(fleet, serial: "SYN-JAM"), try await DeviceFixtures.deviceID(fleet, serial: "SYN-LOW")]
            for language in Language.allCases {
                let manager = try await fleet.client("manager@a.test", language: language.rawValue)
                for path in ["/", "/devices", "/devices?low=1&sort=name&order=asc", "/devices/\(ids[0])", "/devices/\(ids[1])"] {
                    let page = await manager.get(path)
                    #expect(page.status == .ok, "\(language) \(path)")
                    #expect(page.text.contains("<html lang=\"\(language.rawValue)\""), "\(language) \(path)")
                    #expect(Self.rawKeys(page.text).isEmpty, "\(language) \(path): \(Self.rawKeys(page.text))")
                }
            }
        }
    }

    @Test func counterResetsAndGapsAreShownNotInvented() async throws {
        try await WebFleet.with { fleet in
            let agent = try await DeviceFixtures.enrolledAgent(fleet, serial: "A1")
            let now = Date()
            // Day 6: 1000; days 5 and 4 missing; day 3: 1300 (a gap); day 2: 1500; day 1: 40 (a reset); day 0: 90.
            for (k, total) in [(6.0, Int64(1000)), (3, 1300), (2, 1500), (1, 40), (0, 90)] {
                try await DeviceFixtures.ingest(fleet, agent, key: "reset-\(Int(k))-00", [
                    DeviceFixtures.reading("192.0.2.20", serial: "SYN-RESET", total: total, at: now.addingTimeInterval(-k * 86_400 - 600)),
                ])
            }
            let id = try await DeviceFixtures.deviceID(fleet, serial: "SYN-RESET")
            let days = try #require(try await DeviceStore(database: fleet.db.database)
                .pageVolume(of: id, unit: "day", count: 30, timeZone: "UTC", scope: DeviceFixtures.scope(fleet, "viewer@a.test")))
            #expect(days.count == 30)
            let counted = days.suffix(7).map(\.pages)
            #expect(counted == [nil, nil, nil, 300, 200, nil, 50], "\(days.suffix(7))")
            #expect(days.suffix(7).map(\.spansGap) == [false, false, false, true, false, false, false])
            #expect(days.suffix(7).map(\.resets) == [0, 0, 0, 0, 0, 1, 0])
            let html = await (try await fleet.client("viewer@a.test")).get("/devices/\(id)").text
            #expect(html.contains("(includes days without readings)") && html.contains("(counter reset, not counted)"))
            #expect(html.contains("550 pages in all"))
        }
    }
}

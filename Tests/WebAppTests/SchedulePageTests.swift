import FleetCore
import Foundation
import HTTPServer
import Store
import Testing
@testable import WebApp

/// The schedule pages: create, edit, enable/disable, run now and delete through the forms, times
/// shown in the organization's zone, validation, roles and tenancy.
@Suite struct SchedulePageTests {
    @Test func createEditRunAndDeleteWithTimesInTheOrganizationsZone() async throws {
        try await WebFleet.with { fleet in
            try await fleet.setZoneOfA("Europe/Warsaw")
            let agent = try await fleet.rangeAgent(fleet.orgA, serial: "05C001")
            let range = try await fleet.makeRange(agent: agent.agentID, name: "Office")
            let manager = try await fleet.client("manager@a.test")
            let schedules = ScheduleStore(database: fleet.db.database)
            let scope = try await fleet.scope("manager@a.test")

            let form = await manager.get("/schedules/new?range=\(range.id)")
            #expect(form.status == .ok && form.text.contains("<option value=\"\(range.id)\" selected>"))
            #expect(form.text.contains("<legend>On these days</legend>"))
            let created = await manager.post("/schedules", Self.form([
                ("address_range_id", String(range.id)), ("times_of_day", "13:30, 7:00"), ("day_1", "on"), ("day_2", "on"),
                ("day_3", "on"), ("day_4", "on"), ("day_5", "on"), ("enabled", "on"),
            ]))
            #expect(created.status == .seeOther, "\(created.text.prefix(1500))")
            let schedule = try #require(try await schedules.list(scope: scope).first)
            #expect(schedule.kind == "discovery" && schedule.addressRangeID == range.id && schedule.isEnabled)
            #expect(schedule.times.timesOfDay == [420, 810] && schedule.times.daysOfWeek == [1, 2, 3, 4, 5])

            var list = await manager.get("/schedules")
            #expect(list.text.contains("at 07:00, 13:30 on Mon–Fri") && list.text.contains(">Office</a>"))
            #expect(list.text.contains(Self.shown(schedule.nextRunAt, zone: "Europe/Warsaw") + " (Europe/Warsaw)"))
            #expect(list.text.contains("The schedule was added."))
            #expect(!list.text.contains("Mon–Fri (Europe/Warsaw)"), "the viewer's own zone is not repeated")
            // The dealer (UTC) sees the customer's schedule in the customer's zone, named.
            let dealer = try await fleet.client("boss@dealer.test")
            let dealerList = await dealer.get("/schedules")
            #expect(dealerList.text.contains("at 07:00, 13:30 on Mon–Fri (Europe/Warsaw)"), "\(dealerList.text.prefix(3000))")
            #expect(dealerList.text.contains(Self.shown(schedule.nextRunAt, zone: "Europe/Warsaw") + " (Europe/Warsaw)"))
            #expect(await dealer.get("/schedules/\(schedule.id)/edit").text.contains("time zone, Europe/Warsaw."))
            #expect(!(await manager.get("/schedules/\(schedule.id)/edit").text.contains("time zone, Europe/Warsaw.")))
            #expect(await dealer.get("/schedules/\(schedule.id)/delete").text.contains("Mon–Fri (Europe/Warsaw)"))

            let edit = await manager.get("/schedules/\(schedule.id)/edit")
            #expect(edit.status == .ok && edit.text.contains("value=\"07:00, 13:30\"") && edit.text.contains("name=\"day_5\" checked"))
            #expect(!edit.text.contains("name=\"day_6\" checked"))
            let updated = await manager.post("/schedules/\(schedule.id)/update", Self.form([
                ("kind", "status"), ("address_range_id", ""), ("interval_minutes", "90"), ("times_of_day", ""), ("enabled", "on"),
            ]))
            #expect(updated.status == .seeOther, "\(updated.text.prefix(1500))")
            var stored = try #require(try await schedules.find(schedule.id, scope: scope))
            #expect(stored.kind == "status" && stored.addressRangeID == nil && stored.times.intervalMinutes == 90)
            list = await manager.get("/schedules")
            #expect(list.text.contains("every 90 min") && list.text.contains("All devices"))

            #expect(await manager.post("/schedules/\(schedule.id)/enabled", [("enabled", "false")]).status == .seeOther)
            stored = try #require(try await schedules.find(schedule.id, scope: scope))
            #expect(!stored.isEnabled && stored.times.intervalMinutes == 90)
            #expect(await manager.get("/schedules").text.contains("The schedule is off."))
            #expect(await manager.post("/schedules/\(schedule.id)/enabled", [("enabled", "true")]).status == .seeOther)
            #expect(try await schedules.find(schedule.id, scope: scope)?.isEnabled == true)

            // Run now: a status poll with no devices queues nothing; a discovery of the range queues one command.
            #expect(await manager.post("/schedules/\(schedule.id)/run", []).status == .seeOther)
            #expect(await manager.get("/schedules").text.contains("Nothing to run"))
            _ = await manager.post("/schedules/\(schedule.id)/update", Self.form([("address_range_id", String(range.id)),
                                                                                ("interval_minutes", "60"), ("times_of_day", "")]))
            let run = await manager.post("/schedules/\(schedule.id)/run", [])
            #expect(run.status == .seeOther && run.headers["Location"] == "/schedules")
            #expect(await manager.get("/schedules").text.contains("The schedule&#39;s commands were queued."))
            let pending = try await CommandStore(database: fleet.db.database).pending(for: agent)
            #expect(pending.count == 1 && pending.first?.kind == "discovery")

            let confirm = await manager.get("/schedules/\(schedule.id)/delete")
            #expect(confirm.status == .ok && confirm.text.contains("every 1 h"))
            #expect(await manager.post("/schedules/\(schedule.id)/delete", []).status == .seeOther)
            #expect(try await schedules.list(scope: scope).isEmpty)
        }
    }

    @Test func badInputReshowsTheFormAndStoresNothing() async throws {
        try await WebFleet.with { fleet in
            let agent = try await fleet.rangeAgent(fleet.orgA, serial: "05C002")
            let range = try await fleet.makeRange(agent: agent.agentID, name: "Office")
            let manager = try await fleet.client("manager@a.test")
            let catalog = fleet.context.translations[.en]
            let rangeID = String(range.id)
            let cases: [([(String, String)], String, String)] = [
                ([("address_range_id", "")], "address_range_id", "validation.required"),
                ([("address_range_id", rangeID), ("times_of_day", "25:00")], "times_of_day", "validation.times_of_day.invalid"),
                ([("address_range_id", rangeID), ("interval_minutes", "15")], "interval_minutes", "validation.interval_minutes.exclusive"),
                ([("address_range_id", rangeID), ("times_of_day", "")], "interval_minutes", "validation.interval_minutes.required"),
                ([("address_range_id", rangeID), ("times_of_day", ""), ("interval_minutes", "0")], "interval_minutes",
                 "validation.interval_minutes.invalid"),
                ([("address_range_id", "999999")], "address_range_id", "validation.address_range_id.invalid"),
                ([("kind", "reboot"), ("address_range_id", rangeID)], "kind", "validation.kind.invalid"),
            ]
            for (changes, field, key) in cases {
                let answer = await manager.post("/schedules", Self.form(changes + [("day_1", "on")]))
                #expect(answer.status == .unprocessableContent, "\(changes)")
                #expect(answer.text.contains(catalog.text("validation.form_invalid")), "\(changes)")
                #expect(answer.text.contains("id=\"field-\(field)-error\">\(RangeFixtures.escape(catalog.text(key)))</p>"), "\(changes): \(key)")
            }
            let noDays = await manager.post("/schedules", Self.form([("address_range_id", rangeID)]))
            #expect(noDays.status == .unprocessableContent && noDays.text.contains(RangeFixtures.escape(catalog.text("validation.days_of_week.invalid"))))
            #expect(try await ScheduleStore(database: fleet.db.database).list(scope: try await fleet.scope("admin@a.test")).isEmpty)
        }
    }

    @Test func viewersAreRefusedAndOtherOrganizationsSeeNothing() async throws {
        try await WebFleet.with { fleet in
            let agent = try await fleet.rangeAgent(fleet.orgA, serial: "05C003")
            let range = try await fleet.makeRange(agent: agent.agentID, name: "Office A")
            let scope = try await fleet.scope("admin@a.test")
            let schedules = ScheduleStore(database: fleet.db.database)
            guard case .saved(let schedule) = try await schedules.create(
                ScheduleDraft(kind: "discovery", addressRangeID: range.id, intervalMinutes: 60), organizationID: fleet.orgA, scope: scope)
            else { throw WebTestFailure("no schedule") }
            let viewer = try await fleet.client("viewer@a.test")
            let list = await viewer.get("/schedules")
            #expect(list.status == .ok && list.text.contains("every 1 h") && !list.text.contains("/run") && !list.text.contains("/schedules/new"))
            #expect(await viewer.get("/schedules/new").status == .forbidden)
            #expect(await viewer.get("/schedules/\(schedule.id)/edit").status == .forbidden)
            #expect(await viewer.post("/schedules", Self.form([("address_range_id", String(range.id)), ("day_1", "on")])).status == .forbidden)
            #expect(await viewer.post("/schedules/\(schedule.id)/run", []).status == .forbidden)
            #expect(await viewer.post("/schedules/\(schedule.id)/enabled", [("enabled", "false")]).status == .forbidden)
            #expect(await viewer.post("/schedules/\(schedule.id)/delete", []).status == .forbidden)

            let other = try await fleet.client("admin@b.test")
            #expect(!(await other.get("/schedules")).text.contains("Office A"))
            for path in ["/schedules/\(schedule.id)/edit", "/schedules/\(schedule.id)/delete"] {
                #expect(await other.get(path).status == .notFound, "\(path)")
            }
            for path in ["/schedules/\(schedule.id)/run", "/schedules/\(schedule.id)/delete", "/schedules/\(schedule.id)/update"] {
                #expect(await other.post(path, Self.form([("interval_minutes", "5"), ("times_of_day", "")])).status == .notFound, "\(path)")
            }
            // B cannot aim a schedule of its own at A's range.
            let aimed = await other.post("/schedules", Self.form([("address_range_id", String(range.id)), ("day_1", "on")]))
            #expect(aimed.status == .unprocessableContent)
            #expect(try await schedules.list(scope: scope) == [schedule])
            #expect(try await CommandStore(database: fleet.db.database).pending(for: agent).isEmpty)
        }
    }

    @Test(arguments: Language.allCases)
    func everySchedulePageRendersInEveryLanguage(_ language: Language) async throws {
        try await WebFleet.with { fleet in
            let agent = try await fleet.rangeAgent(fleet.orgA, serial: "05C004")
            let range = try await fleet.makeRange(agent: agent.agentID, name: "Office")
            let scope = try await fleet.scope("admin@a.test")
            guard case .saved(let schedule) = try await ScheduleStore(database: fleet.db.database).create(
                ScheduleDraft(kind: "discovery", addressRangeID: range.id, timesOfDay: [420], daysOfWeek: [1, 3, 5]),
                organizationID: fleet.orgA, scope: scope)
            else { throw WebTestFailure("no schedule") }
            let catalog = fleet.context.translations[language]
            let manager = try await fleet.client("manager@a.test", language: language.rawValue)
            let pages: [(String, String)] = [
                ("/schedules", "schedules.title"), ("/schedules/new", "schedules.create_title"),
                ("/schedules/\(schedule.id)/edit", "schedules.edit_title"), ("/schedules/\(schedule.id)/delete", "schedules.delete_title"),
            ]
            for (path, key) in pages {
                let answer = await manager.get(path)
                #expect(answer.status == .ok, "\(path)")
                RangeFixtures.checkPage(answer.text, title: catalog.text(key), language: language, path: path)
            }
            let days = ["1", "3", "5"].map { catalog.text("schedules.day_short.\($0)") }.joined(separator: ", ")
            #expect(await manager.get("/schedules").text.contains(RangeFixtures.escape(days)))
            let invalid = await manager.post("/schedules", Self.form([("times_of_day", "7")]))
            #expect(invalid.status == .unprocessableContent)
            RangeFixtures.checkPage(invalid.text, title: catalog.text("schedules.create_title"), language: language, path: "invalid")
        }
    }

    /// A discovery at 07:00 with no days ticked; `changes` replace or add fields.
    static func form(_ changes: [(String, String)]) -> [(String, String)] {
        var fields: [(String, String)] = [("kind", "discovery"), ("address_range_id", ""), ("interval_minutes", ""), ("times_of_day", "07:00")]
        for (name, value) in changes {
            if let index = fields.firstIndex(where: { $0.0 == name }) { fields[index].1 = value } else { fields.append((name, value)) }
        }
        return fields
    }

    /// A date as the pages show it in English in `zone`.
    static func shown(_ date: Date, zone: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en")
        formatter.timeZone = TimeZone(identifier: zone)
        formatter.setLocalizedDateFormatFromTemplate("dMMMyyyyHHmm")
        return formatter.string(from: date)
    }
}

extension WebFleet {
    /// Moves customer A to `zone` (the dealer's admin edits it).
    func setZoneOfA(_ zone: String) async throws {
        let organizations = OrganizationStore(database: db.database)
        let dealer = try await scope("boss@dealer.test")
        let current = try #require(try await organizations.find(orgA, scope: dealer))
        guard case .saved? = try await organizations.update(orgA, OrganizationDraft(name: current.name, timeZone: zone, language: current.language),
                                                            scope: dealer)
        else { throw WebTestFailure("could not set the time zone") }
    }
}

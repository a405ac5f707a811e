import FleetCore
import Foundation
import Store
import Testing
import TestSupport

/// Schedules through the API, and the scheduler's exactly-once claim.
@Suite struct ScheduleAPITests {
    @Test func intervalAndTimesOfDaySchedules() async throws {
        try await APIFleet.with { fleet in
            let every = await fleet.call("manager@a.test", .post, "/api/v1/schedules", json: #"{"kind": "status", "interval_minutes": 15}"#)
            #expect(every.status == 201, "\(every.text)")
            #expect(every.int("interval_minutes") == 15 && every.json["times_of_day"] is NSNull)
            let weekdays = await fleet.call("manager@a.test", .post, "/api/v1/schedules",
                                            json: #"{"kind": "discovery", "times_of_day": ["07:30", "18:00"], "days_of_week": [1, 2, 3, 4, 5]}"#)
            #expect(weekdays.status == 201, "\(weekdays.text)")
            #expect(weekdays.json["times_of_day"] as? [String] == ["07:30", "18:00"])
            #expect(weekdays.json["days_of_week"] as? [Int] == [1, 2, 3, 4, 5])
            let id = try #require(weekdays.int("id"))
            let patched = await fleet.call("manager@a.test", .patch, "/api/v1/schedules/\(id)", json: #"{"interval_minutes": 60}"#)
            #expect(patched.status == 200 && patched.int("interval_minutes") == 60 && patched.json["days_of_week"] is NSNull, "\(patched.text)")
            #expect(await fleet.call("viewer@a.test", .get, "/api/v1/schedules").items.count == 2)
            #expect(await fleet.call("admin@b.test", .get, "/api/v1/schedules").items.isEmpty)
            #expect(await fleet.call("admin@b.test", .delete, "/api/v1/schedules/\(id)").status == 404)
            #expect(await fleet.call("manager@a.test", .delete, "/api/v1/schedules/\(id)").status == 204)
        }
    }

    @Test(arguments: [
        (#"{"kind": "status"}"#, "interval_minutes.required"),
        (#"{"kind": "status", "interval_minutes": 0}"#, "interval_minutes.invalid"),
        (#"{"kind": "backup", "interval_minutes": 5}"#, "kind.invalid"),
        (#"{"kind": "status", "interval_minutes": 5, "times_of_day": ["08:00"]}"#, "interval_minutes.exclusive"),
        (#"{"kind": "status", "times_of_day": ["24:00"]}"#, "times_of_day.invalid"),
        (#"{"kind": "status", "times_of_day": ["8:00"]}"#, "times_of_day.invalid"),
        (#"{"kind": "status", "times_of_day": ["08:00"], "days_of_week": [0]}"#, "days_of_week.invalid"),
        (#"{"kind": "status", "times_of_day": ["08:00", "08:00"]}"#, "times_of_day.invalid"),
        (#"{"kind": "status", "interval_minutes": 5, "address_range_id": 999999}"#, "address_range_id.invalid"),
    ])
    func invalidSchedulesAreRefused(json: String, code: String) async throws {
        try await APIFleet.with { fleet in
            let refused = await fleet.call("manager@a.test", .post, "/api/v1/schedules", json: json)
            #expect(refused.status == 422 && refused.fieldCodes.contains(code), "\(refused.text)")
            #expect(await fleet.call("manager@a.test", .get, "/api/v1/schedules").items.isEmpty)
        }
    }

    @Test func dueSchedulesRunExactlyOnceAcrossConcurrentSchedulers() async throws {
        try await APIFleet.with { fleet in
            let agentID = try #require(await fleet.call("admin@a.test", .post, "/api/v1/agents", json: #"{"name": "a"}"#).int("id"))
            let rangeID = try #require(await fleet.call("manager@a.test", .post, "/api/v1/address-ranges",
                                                        json: #"{"agent_id": \#(agentID), "name": "r", "cidr": "192.0.2.0/28"}"#).int("id"))
            for _ in 0..<5 {
                #expect(await fleet.call("manager@a.test", .post, "/api/v1/schedules",
                                         json: #"{"kind": "discovery", "address_range_id": \#(rangeID), "interval_minutes": 10}"#).status == 201)
            }
            // Eight schedulers (as from several server processes) at the moment all five are due.
            let later = Date().addingTimeInterval(11 * 60)
            let schedules = ScheduleStore(database: fleet.db.database)
            let claimed = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 { group.addTask { try await schedules.runDue(now: later) } }
                return try await group.reduce(0, +)
            }
            #expect(claimed == 5)
            let commands = try await fleet.rows("SELECT count(*) AS n FROM agent_commands WHERE kind = 'discovery'")
            #expect(try commands.first?.int("n") == 5)
            // Nothing is due again until the next interval.
            #expect(try await schedules.runDue(now: later) == 0)
            #expect(try await schedules.runDue(now: later.addingTimeInterval(10 * 60)) == 5)
        }
    }

    @Test func runNowQueuesWithoutMovingTheSchedule() async throws {
        try await APIFleet.with { fleet in
            let agentID = try #require(await fleet.call("admin@a.test", .post, "/api/v1/agents", json: #"{"name": "a"}"#).int("id"))
            _ = await fleet.call("manager@a.test", .post, "/api/v1/address-ranges", json: #"{"agent_id": \#(agentID), "name": "r", "cidr": "192.0.2.0/28"}"#)
            _ = await fleet.call("manager@a.test", .post, "/api/v1/address-ranges", json: #"{"agent_id": \#(agentID), "name": "s", "cidr": "198.51.100.0/28"}"#)
            let made = await fleet.call("manager@a.test", .post, "/api/v1/schedules", json: #"{"kind": "discovery", "interval_minutes": 1440}"#)
            let id = try #require(made.int("id"))
            let run = await fleet.call("manager@a.test", .post, "/api/v1/schedules/\(id)/run")
            #expect(run.status == 202 && run.items.count == 2, "\(run.text)")
            #expect(await fleet.call("manager@a.test", .get, "/api/v1/schedules/\(id)").string("next_run_at") == made.string("next_run_at"))
        }
    }
}

/// Next runs, as pure values.
@Suite struct ScheduleTimesTests {
    @Test func timesOfDayFollowTheTimeZoneAndWeekdays() throws {
        let warsaw = try #require(TimeZone(identifier: "Europe/Warsaw"))
        let times = ScheduleTimes(intervalMinutes: nil, timesOfDay: [7 * 60 + 30], daysOfWeek: [1])
        // Friday 2026-11-27 12:00 UTC → Monday 2026-11-30 07:30 in Warsaw = 06:30 UTC.
        let friday = try #require(ISO8601DateFormatter().date(from: "2026-11-27T12:00:00Z"))
        #expect(times.nextRun(after: friday, timeZone: warsaw) == ISO8601DateFormatter().date(from: "2026-11-30T06:30:00Z"))
        // Daylight saving: Sunday 2026-03-29 in Warsaw has no 02:30; the run is at 03:00 local (01:00 UTC).
        let dst = ScheduleTimes(intervalMinutes: nil, timesOfDay: [150], daysOfWeek: [7])
        let saturday = try #require(ISO8601DateFormatter().date(from: "2026-03-28T12:00:00Z"))
        let run = dst.nextRun(after: saturday, timeZone: warsaw)
        #expect(run > saturday && run <= ISO8601DateFormatter().date(from: "2026-03-29T01:30:00Z")!, "\(run)")
    }
}

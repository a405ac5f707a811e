import FleetCore
import Foundation
import Store
import Testing
import TestSupport

/// Devices and readings: what the ingest stores (synthetic readings made here), as the API shows it.
@Suite struct DeviceAPITests {
    /// An enrolled agent of customer A (its certificate is a synthetic record: no CA involved here).
    static func enrolledAgent(_ fleet: APIFleet, admin: String = "admin@a.test", serial: String = "0A1B2C") async throws -> AgentIdentity {
        let created = await fleet.call(admin, .post, "/api/v1/agents", json: #"{"name": "agent"}"#)
        let token = try #require(created.string("enrollment_token"))
        let agents = AgentStore(database: fleet.db.database)
        let notAfter = Date().addingTimeInterval(86_400)
        let (agent, _) = try #require(try await agents.enroll(token: token, version: "test") { _, _ in
            IssuedCertificate(serial: serial, notAfter: notAfter, pem: "synthetic")
        })
        return AgentIdentity(agentID: agent.id, organizationID: agent.organizationID, serial: serial, notAfter: notAfter)
    }

    /// A synthetic reading of a printer at `address`.
    static func reading(_ address: String, serial: String?, total: Int64, at date: Date, alerts: [Alert] = []) -> Reading {
        Reading(address: address, sysObjectID: "1.3.6.1.4.1.11.2.3.9.1", description: "Synthetic LaserJet",
                manufacturer: "HP", model: "Synthetic LaserJet 1", serialNumber: serial, macAddress: "00:00:5E:00:53:01",
                status: DeviceStatus(device: "running", printer: "idle", errors: []), counters: Counters(total: total),
                alerts: alerts, collectedAt: date)
    }

    static let snmp = SNMPSettings(community: "public", version: "2c", port: 161)

    /// Numbers no printer can report (an agent's bug or a hostile agent) are refused reading by reading:
    /// nothing of them is stored, the rest of the upload is, and the server keeps running.
    @Test func implausibleNumbersAreRefusedNotStored() async throws {
        try await APIFleet.with { fleet in
            let identity = try await Self.enrolledAgent(fleet)
            let devices = DeviceStore(database: fleet.db.database)
            let t0 = Date(timeIntervalSince1970: 1_790_000_000)
            var hugePercent = Self.reading("192.0.2.30", serial: "SN-P", total: 10, at: t0)
            hugePercent.supplies = [Supply(index: "1.1", description: "Black Toner", percent: 1e300, state: .ok)]
            var negativeLevel = Self.reading("192.0.2.31", serial: "SN-L", total: 10, at: t0)
            negativeLevel.supplies = [Supply(index: "1.1", description: "Black Toner", level: -9_000_000_000, state: .ok)]
            let hugeCounter = Self.reading("192.0.2.32", serial: "SN-C", total: Int64.max, at: t0)
            let fine = Self.reading("192.0.2.33", serial: "SN-F", total: 10, at: t0)
            let upload = AgentUpload(uploadKey: "upload-implausible", readings: [hugePercent, negativeLevel, hugeCounter, fine].map {
                UploadedReading(deviceID: nil, commandID: nil, snmp: Self.snmp, reading: $0)
            })
            let outcome = try await devices.ingest(upload, from: identity)
            #expect(outcome == IngestOutcome(duplicate: false, readingsStored: 1, devicesCreated: 1, rejected: 3))
            let list = await fleet.call("viewer@a.test", .get, "/api/v1/devices")
            #expect(list.items.compactMap { $0["serial_number"] as? String } == ["SN-F"], "\(list.text)")
        }
    }

    @Test func discoveredPrintersBecomeDevicesWithHistoryOnce() async throws {
        try await APIFleet.with { fleet in
            let identity = try await Self.enrolledAgent(fleet)
            let devices = DeviceStore(database: fleet.db.database)
            let t0 = Date(timeIntervalSince1970: 1_790_000_000)
            let upload = AgentUpload(uploadKey: "upload-0001", readings: [
                UploadedReading(deviceID: nil, commandID: nil, snmp: Self.snmp, reading: Self.reading("192.0.2.10", serial: "SN-1", total: 100, at: t0)),
                UploadedReading(deviceID: nil, commandID: nil, snmp: Self.snmp, reading: Self.reading("192.0.2.11", serial: nil, total: 5, at: t0)),
            ])
            let first = try await devices.ingest(upload, from: identity)
            #expect(first == IngestOutcome(duplicate: false, readingsStored: 2, devicesCreated: 2, rejected: 0))
            // The same upload again (a retry after a lost answer) stores nothing.
            #expect(try await devices.ingest(upload, from: identity).duplicate)
            // A later reading of the same printer at a new address is the same device.
            let moved = AgentUpload(uploadKey: "upload-0002", readings: [
                UploadedReading(deviceID: nil, commandID: nil, snmp: Self.snmp, reading: Self.reading("192.0.2.99", serial: "SN-1", total: 150,
                                                                                                      at: t0.addingTimeInterval(3600)))])
            #expect(try await devices.ingest(moved, from: identity).devicesCreated == 0)

            let list = await fleet.call("viewer@a.test", .get, "/api/v1/devices")
            #expect(list.status == 200 && list.items.count == 2 && list.json["next"] is NSNull, "\(list.text)")
            let printer = try #require(list.items.first { $0["serial_number"] as? String == "SN-1" })
            #expect(printer["address"] as? String == "192.0.2.99")
            let id = try #require((printer["id"] as? NSNumber)?.int64Value)
            let shown = await fleet.call("viewer@a.test", .get, "/api/v1/devices/\(id)")
            let latest = try #require(shown.json["latest_reading"] as? [String: Any])
            #expect((latest["counters"] as? [String: Any])?["total"] as? Int == 150)
            #expect(latest["location"] is NSNull)
            let history = await fleet.call("viewer@a.test", .get, "/api/v1/devices/\(id)/readings?from=2026-01-01T00:00:00Z")
            #expect(history.items.count == 2)
            // from is inclusive, to exclusive: [t0, t0 + 1 h) holds the first reading only.
            let iso = ISO8601DateFormatter()
            let window = await fleet.call("viewer@a.test", .get,
                                          "/api/v1/devices/\(id)/readings?from=\(iso.string(from: t0))&to=\(iso.string(from: t0.addingTimeInterval(3600)))")
            #expect(window.items.count == 1)
            #expect(((window.items.first?["counters"] as? [String: Any])?["total"] as? Int) == 100)
            #expect(await fleet.call("viewer@a.test", .get, "/api/v1/devices/\(id)/readings?from=yesterday").status == 422)
        }
    }

    @Test func anotherOrganizationSeesNoDevicesAndItsAgentWritesNone() async throws {
        try await APIFleet.with { fleet in
            let agentA = try await Self.enrolledAgent(fleet)
            let agentB = try await Self.enrolledAgent(fleet, admin: "admin@b.test", serial: "0B0B0B")
            let devices = DeviceStore(database: fleet.db.database)
            let now = Date()
            _ = try await devices.ingest(AgentUpload(uploadKey: "a-000001", readings: [
                UploadedReading(deviceID: nil, commandID: nil, snmp: Self.snmp, reading: Self.reading("192.0.2.10", serial: "SN-A", total: 1, at: now))]),
                                         from: agentA)
            let id = try #require((await fleet.call("admin@a.test", .get, "/api/v1/devices").items.first?["id"] as? NSNumber)?.int64Value)
            #expect(await fleet.call("admin@b.test", .get, "/api/v1/devices").items.isEmpty)
            #expect(await fleet.call("admin@b.test", .get, "/api/v1/devices/\(id)").status == 404)
            #expect(await fleet.call("admin@b.test", .get, "/api/v1/devices/\(id)/readings").status == 404)
            // B's agent naming A's device id: rejected, nothing stored.
            let forged = try await devices.ingest(AgentUpload(uploadKey: "b-000001", readings: [
                UploadedReading(deviceID: id, commandID: nil, snmp: Self.snmp, reading: Self.reading("192.0.2.10", serial: "SN-A", total: 999, at: now.addingTimeInterval(60)))]),
                                                  from: agentB)
            #expect(forged.rejected == 1 && forged.readingsStored == 0)
            // B's agent discovering a printer with A's serial makes B's own device, never touches A's.
            _ = try await devices.ingest(AgentUpload(uploadKey: "b-000002", readings: [
                UploadedReading(deviceID: nil, commandID: nil, snmp: Self.snmp, reading: Self.reading("192.0.2.10", serial: "SN-A", total: 7, at: now))]),
                                         from: agentB)
            let a = await fleet.call("admin@a.test", .get, "/api/v1/devices/\(id)")
            #expect(((a.json["latest_reading"] as? [String: Any])?["counters"] as? [String: Any])?["total"] as? Int == 1)
            #expect(await fleet.call("admin@b.test", .get, "/api/v1/devices").items.count == 1)
        }
    }

    @Test func alertsOpenOnceAndClear() async throws {
        try await APIFleet.with { fleet in
            let identity = try await Self.enrolledAgent(fleet)
            let devices = DeviceStore(database: fleet.db.database)
            let jam = Alert(index: "1.3", severity: "critical", code: "jam", group: "media_path", description: "Jam", rawCode: 8)
            let t0 = Date()
            for (i, alerts) in [[jam], [jam], []].enumerated() {
                _ = try await devices.ingest(AgentUpload(uploadKey: "alerts-\(i)-0000", readings: [
                    UploadedReading(deviceID: nil, commandID: nil, snmp: Self.snmp,
                                    reading: Self.reading("192.0.2.10", serial: "SN-1", total: 1, at: t0.addingTimeInterval(Double(i) * 60), alerts: alerts))]),
                                             from: identity)
            }
            let rows = try await fleet.rows("SELECT code, cleared_at IS NOT NULL AS cleared FROM device_alerts")
            #expect(rows.count == 1)
            #expect(try rows.first?.string("code") == "jam" && rows.first?.bool("cleared") == true)
        }
    }

    @Test func pagesFollowTheNextLink() async throws {
        try await APIFleet.with { fleet in
            let identity = try await Self.enrolledAgent(fleet)
            let devices = DeviceStore(database: fleet.db.database)
            let readings = (1...7).map { i in
                UploadedReading(deviceID: nil, commandID: nil, snmp: Self.snmp, reading: Self.reading("192.0.2.\(i)", serial: "SN-\(i)", total: Int64(i), at: Date()))
            }
            _ = try await devices.ingest(AgentUpload(uploadKey: "page-00001", readings: readings), from: identity)
            var seen: [Int64] = []
            var next: String? = "/api/v1/devices?limit=3&manufacturer=HP"
            while let target = next {
                let page = await fleet.call("viewer@a.test", .get, target)
                #expect(page.status == 200)
                seen += page.items.compactMap { ($0["id"] as? NSNumber)?.int64Value }
                next = page.json["next"] as? String
                #expect(seen.count <= 7)
            }
            #expect(seen.count == 7 && seen == seen.sorted())
            #expect(await fleet.call("viewer@a.test", .get, "/api/v1/devices?q=SN-7").items.count == 1)
            #expect(await fleet.call("viewer@a.test", .get, "/api/v1/devices?limit=0").status == 422)
            #expect(await fleet.call("viewer@a.test", .get, "/api/v1/devices?online=maybe").status == 422)
        }
    }
}

import FleetCore
import Foundation
import Store
import Testing
@testable import WebApp

/// Synthetic printers for the device pages' tests: an enrolled agent per customer (its certificate is
/// a synthetic record, no CA involved) and readings made here, stored through the real ingest.
enum DeviceFixtures {
    static let snmp = SNMPSettings(community: "public", version: "2c", port: 161)

    static func scope(_ fleet: WebFleet, _ email: String) async throws -> TenantScope {
        try #require(try await fleet.users.credentials(email: email)).scope
    }

    static func enrolledAgent(_ fleet: WebFleet, _ admin: String = "admin@a.test", serial: String) async throws -> AgentIdentity {
        let scope = try await scope(fleet, admin)
        let agents = AgentStore(database: fleet.db.database)
        let token = "synthetic-token-" + serial
        guard case .saved = try await agents.create(name: "Agent \(serial)", organizationID: scope.homeOrganizationID, token: token, scope: scope)
        else { throw WebTestFailure("could not create an agent") }
        let notAfter = Date().addingTimeInterval(86_400)
        let (agent, _) = try #require(try await agents.enroll(token: token, version: "test") { _, _ in
            IssuedCertificate(serial: serial, notAfter: notAfter, pem: "synthetic")
        })
        return AgentIdentity(agentID: agent.id, organizationID: agent.organizationID, serial: serial, notAfter: notAfter)
    }

    /// A synthetic reading (every name and number made up for the tests).
    static func reading(_ address: String, serial: String, model: String = "Synthetic LaserJet 1", manufacturer: String = "HP",
                        location: String? = nil, errors: [String] = [], total: Int64? = nil, supplies: [Supply] = [],
                        alerts: [Alert] = [], trays: [Tray] = [], at date: Date) -> Reading {
        Reading(address: address, sysObjectID: "1.3.6.1.4.1.11.2.3.9.1", description: "Synthetic printer", manufacturer: manufacturer,
                model: model, serialNumber: serial, macAddress: "00:00:5E:00:53:01", location: location, firmware: "SYN-1.0",
                inventoryNumber: "INV-\(serial)", status: DeviceStatus(device: errors.isEmpty ? "running" : "warning", printer: "idle", errors: errors),
                counters: Counters(total: total, mono: total.map { $0 / 2 }), supplies: supplies, alerts: alerts, trays: trays, collectedAt: date)
    }

    static func toner(_ color: String, percent: Double?, state: SupplyState, index: String = "1.1") -> Supply {
        Supply(index: index, description: "\(color.capitalized) Toner", type: "toner", color: color, supplyClass: "consumed",
               unit: "percent", maxCapacity: 100, level: percent.map { Int64($0) } ?? -3, percent: percent, state: state,
               serialNumber: "TONER-\(color)")
    }

    @discardableResult
    static func ingest(_ fleet: WebFleet, _ identity: AgentIdentity, key: String, _ readings: [Reading],
                       unreachable: [Int64] = []) async throws -> IngestOutcome {
        let upload = AgentUpload(uploadKey: key, readings: readings.map {
            UploadedReading(deviceID: nil, commandID: nil, snmp: snmp, reading: $0)
        }, unreachable: unreachable)
        return try await DeviceStore(database: fleet.db.database).ingest(upload, from: identity)
    }

    /// The id of the device with `serial`, read with the dealer's reach.
    static func deviceID(_ fleet: WebFleet, serial: String) async throws -> Int64 {
        let rows = try await DeviceStore(database: fleet.db.database).list(DeviceQuery(search: serial), scope: scope(fleet, "boss@dealer.test"))
        return try #require(rows.devices.first { $0.serialNumber == serial }).id
    }

    /// Customer A: four printers, one per status, with supplies, an alert and a history; customer B: one.
    ///   SYN-OK   online, black 50 %, daily totals 1000, 1100, 1350, 1400 (deltas 100, 250, 50)
    ///   SYN-LOW  warning (low_toner flag), black 10 % (≤ 15 %: low), cyan "some_remaining"; location with HTML
    ///   SYN-JAM  error (jammed), a critical jam alert, black state "low" without a percentage
    ///   SYN-OFF  offline (reported unreachable after its reading)
    ///   SYN-B    customer B's
    static func fleet(_ fleet: WebFleet) async throws -> (a: AgentIdentity, b: AgentIdentity) {
        let a = try await enrolledAgent(fleet, serial: "A1")
        let now = Date()
        func day(_ k: Double) -> Date { now.addingTimeInterval(-k * 86_400 - 600) }
        for (k, total) in [(3.0, Int64(1000)), (2, 1100), (1, 1350), (0, 1400)] {
            try await ingest(fleet, a, key: "ok-\(Int(k))-000", [
                reading("192.0.2.10", serial: "SYN-OK", location: "Floor 1", total: total,
                        supplies: [toner("black", percent: 50 + k, state: .ok)], at: day(k)),
            ])
        }
        try await ingest(fleet, a, key: "others-0001", [
            reading("192.0.2.11", serial: "SYN-LOW", model: "Synthetic Color 2", manufacturer: "Kyocera",
                    location: "<script>alert('x')</script>", errors: ["low_toner"], total: 500,
                    supplies: [toner("black", percent: 10, state: .ok), toner("cyan", percent: nil, state: .someRemaining, index: "1.2")],
                    at: day(0)),
            reading("192.0.2.12", serial: "SYN-JAM", model: "Synthetic Mono 3", manufacturer: "Brother", location: "Floor 2",
                    errors: ["jammed"], total: 70, supplies: [toner("black", percent: nil, state: .low)],
                    alerts: [Alert(index: "1.1", severity: "critical", code: "jam", group: "media_path", description: "Jam in tray 2", rawCode: 8)],
                    trays: [Tray(index: "1.1", name: "Tray 1", type: "sheet_feed_auto_removable_tray", media: "A4", maxCapacity: 250,
                                 level: 100, state: .ok)],
                    at: day(0)),
            reading("192.0.2.13", serial: "SYN-OFF", model: "Synthetic Mono 3", manufacturer: "Brother", location: "Floor 2",
                    total: 10, supplies: [toner("black", percent: 80, state: .ok)], at: day(0)),
        ])
        let offline = try await deviceID(fleet, serial: "SYN-OFF")
        try await ingest(fleet, a, key: "unreachable-01", [], unreachable: [offline])
        let b = try await enrolledAgent(fleet, "admin@b.test", serial: "B1")
        try await ingest(fleet, b, key: "b-upload-0001", [
            reading("198.51.100.5", serial: "SYN-B", model: "Secret B Model", manufacturer: "Canon", location: "B office", total: 1,
                    supplies: [toner("black", percent: 5, state: .low)], at: day(0)),
        ])
        return (a, b)
    }
}

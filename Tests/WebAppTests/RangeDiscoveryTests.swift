import FleetCore
import Foundation
import HTTPServer
import Store
import Testing
@testable import WebApp

/// "Discover now" and the range page following the discovery: queued, scanning, reading, done or
/// failed, as the agent's progress reports and its completed upload leave the command.
@Suite struct RangeDiscoveryTests {
    @Test func discoverNowQueuesOneCommandAndThePageFollowsItsProgress() async throws {
        try await WebFleet.with { fleet in
            let agent = try await fleet.rangeAgent(fleet.orgA, serial: "0D0001")
            let range = try await fleet.makeRange(agent: agent.agentID, name: "Office", exclusions: ["10.0.0.5", "10.0.0.7"])
            let commands = CommandStore(database: fleet.db.database)
            let manager = try await fleet.client("manager@a.test")

            let before = await manager.get("/ranges/\(range.id)")
            #expect(before.text.contains("This range has not been scanned yet.") && !before.text.contains("http-equiv=\"refresh\""))
            #expect(try await Self.progress(manager, range.id)["state"] as? String == "none")

            let queued = await manager.post("/ranges/\(range.id)/discover", [])
            #expect(queued.status == .seeOther && queued.headers["Location"] == "/ranges/\(range.id)")
            let pending = try await commands.pending(for: agent)
            let command = try #require(pending.first)
            #expect(pending.count == 1 && command.kind == "discovery")
            let payload = try #require(try JSONSerialization.jsonObject(with: Data(command.payload.utf8)) as? [String: Any])
            #expect(payload["range"] as? String == "10.0.0.0/24" && payload["exclude"] as? [String] == ["10.0.0.5", "10.0.0.7"])
            #expect((payload["snmp"] as? [String: Any])?["community"] as? String == "public")

            var page = await manager.get("/ranges/\(range.id)")
            #expect(page.text.contains("Discovery queued") && page.text.contains(">queued</strong>"))
            #expect(page.text.contains("<noscript><meta http-equiv=\"refresh\" content=\"3\"></noscript>"))
            #expect(page.text.contains("aria-live=\"polite\"") && page.text.contains("/ranges.js") && page.text.contains(">Refresh</a>"))
            var json = try await Self.progress(manager, range.id)
            #expect(json["state"] as? String == "queued" && json["done"] as? Bool == false)

            try await commands.markSent([command.id], for: agent)
            #expect(try await Self.progress(manager, range.id)["state"] as? String == "sent")

            try await commands.recordProgress([CommandProgress(commandID: command.id, scanned: 100, total: 253, found: 2, read: 0)], for: agent)
            json = try await Self.progress(manager, range.id)
            #expect(json["state"] as? String == "scanning" && json["scanned"] as? Int == 100 && json["total"] as? Int == 253)
            #expect(json["found"] as? Int == 2 && json["label"] as? String == "scanning addresses")
            page = await manager.get("/ranges/\(range.id)")
            #expect(page.text.contains("100 of 253") && page.text.contains("value=\"100\"") && page.text.contains("max=\"253\""))
            #expect(page.text.contains("http-equiv=\"refresh\""))

            try await commands.recordProgress([CommandProgress(commandID: command.id, scanned: 253, total: 253, found: 2, read: 1)], for: agent)
            json = try await Self.progress(manager, range.id)
            #expect(json["state"] as? String == "reading" && json["read"] as? Int == 1)
            #expect(await manager.get("/ranges/\(range.id)").text.contains("1 of 2"))

            // The agent's upload: the printers' readings and the command's result.
            let devices = DeviceStore(database: fleet.db.database)
            let snmp = SNMPSettings(community: "public", version: "2c", port: 161)
            _ = try await devices.ingest(AgentUpload(uploadKey: "range-upload-1", readings: [
                UploadedReading(deviceID: nil, commandID: command.id, snmp: snmp, reading: Self.reading("10.0.0.10", serial: "SN-R1")),
                UploadedReading(deviceID: nil, commandID: command.id, snmp: snmp, reading: Self.reading("10.0.0.11", serial: "SN-R2")),
            ], completedCommands: [CompletedCommand(commandID: command.id, result: "2 printer(s) found, 2 read")]), from: agent)
            json = try await Self.progress(manager, range.id)
            #expect(json["state"] as? String == "done" && json["done"] as? Bool == true)
            #expect(json["result"] as? String == "2 printer(s) found, 2 read" && json["device_count"] as? String == "Printers: 2")
            let found = try #require(json["devices"] as? [[String: Any]])
            #expect(found.map { $0["address"] as? String } == ["10.0.0.10", "10.0.0.11"])
            let firstHref = try #require(found.first?["href"] as? String)
            page = await manager.get("/ranges/\(range.id)")
            #expect(page.text.contains(">done</strong>") && page.text.contains("2 printer(s) found, 2 read"))
            #expect(page.text.contains("href=\"\(firstHref)\"") && page.text.contains("SN-R2"))
            #expect(!page.text.contains("http-equiv=\"refresh\"") && page.text.contains("data-progress=\"numbers\" hidden"))
            let list = await manager.get("/ranges")
            #expect(list.text.contains("2 printer(s) found, 2 read") && list.text.contains("<td data-label=\"Devices found\">2</td>"))

            // A failed run shows the agent's error.
            _ = await manager.post("/ranges/\(range.id)/discover", [])
            let now = try await commands.pending(for: agent)
            let second = try #require(now.first)
            #expect(second.id != command.id && now.count == 1)
            _ = try await devices.ingest(AgentUpload(uploadKey: "range-upload-2", readings: [],
                                                     completedCommands: [CompletedCommand(commandID: second.id, result: "error: no route to host")]),
                                         from: agent)
            json = try await Self.progress(manager, range.id)
            #expect(json["state"] as? String == "failed" && json["result"] as? String == "error: no route to host")
            #expect(await manager.get("/ranges/\(range.id)").text.contains("error: no route to host"))
        }
    }

    @Test func theProgressAnswerNeedsASignInAndIsJSON() async throws {
        try await WebFleet.with { fleet in
            let agent = try await fleet.rangeAgent(fleet.orgA, serial: "0D0002")
            let range = try await fleet.makeRange(agent: agent.agentID, name: "Office")
            let visitor = WebClient(fleet.router)
            let answer = await visitor.get("/ranges/\(range.id)/progress")
            #expect(answer.status == .seeOther && answer.headers["Location"]?.hasPrefix("/login") == true)
            let viewer = try await fleet.client("viewer@a.test")
            let json = await viewer.get("/ranges/\(range.id)/progress")
            #expect(json.status == .ok && json.headers["Content-Type"] == "application/json")
            #expect(json.headers["Cache-Control"] == "no-store" && json.headers["X-Content-Type-Options"] == "nosniff")
            #expect(await viewer.get("/ranges/abc/progress").status == .notFound)
        }
    }

    static func progress(_ client: WebClient, _ id: Int64) async throws -> [String: Any] {
        let answer = await client.get("/ranges/\(id)/progress")
        try #require(answer.status == .ok, "\(answer.status.code) \(answer.text.prefix(300))")
        return try #require(try JSONSerialization.jsonObject(with: Data(answer.text.utf8)) as? [String: Any])
    }

    static func reading(_ address: String, serial: String) -> Reading {
        Reading(address: address, sysObjectID: "1.3.6.1.4.1.11.2.3.9.1", description: "Synthetic LaserJet",
                manufacturer: "HP", model: "Synthetic LaserJet 1", serialNumber: serial, macAddress: "00:00:5E:00:53:01",
                status: DeviceStatus(device: "running", printer: "idle", errors: []), counters: Counters(total: 100),
                alerts: [], collectedAt: Date())
    }
}

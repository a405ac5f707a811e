import Foundation
import Testing
import TestSupport

/// Issue 6's "done when", tried as a new user would in a browser: a real headless Chromium against a
/// real `printercare serve` (embedded PostgreSQL), a real `printercare-agent` enrolled with the command
/// the agents page shows, and recorded printers served by snmpsim on loopback addresses. From an empty
/// account to a discovered fleet: add an agent, enrol it, add a range (a mistake first), discover with
/// live progress, open a device and read its supplies and counters, edit its fields (HTML stays inert),
/// every page in all four languages, revoke the agent. Screenshots land in `.build/screenshots/fleet/`.
@Suite(.serialized) struct FleetBrowserTests {
    static let hosts = ["brother", "xerox", "sharp", "aix_net-snmp"]
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("fleet_browser.py").path
    }

    @Test(.timeLimit(.minutes(8)))
    func emptyAccountToDiscoveredFleet() async throws {
        if let missing = Browser.missing() {
            Issue.record(Comment(rawValue: missing))
            return
        }
        let port = try await SNMPSimulator.freeUDPPortAsync()
        let placed = Self.hosts.enumerated().map { (name: $0.element, address: "127.0.6.\($0.offset + 2)") }
        var simulators: [SNMPSimulator] = []
        defer { simulators.forEach { $0.stop() } }
        for host in placed {
            simulators.append(try await SNMPSimulator.start(address: host.address, port: port, files: [(host.name, "public")]))
        }
        let email = "owner@fleet-browser.test"
        let password = "fleet-browser-\(UUID().uuidString.prefix(12))"
        let server = try await ServeProcess.start(environment: ["PRINTERCARE_ADMIN_EMAIL": email, "PRINTERCARE_ADMIN_PASSWORD": password])
        let state = server.dataDirectory + "-agent"
        let shots = Browser.screenshots + "/fleet"
        // What each printer's page must show, from the recordings' EXPECTED.json.
        var expect: [String: [String: Any]] = [:]
        for host in placed where host.name != "aix_net-snmp" {
            let device = try Expected.device(host.name)
            let supply = (device["supplies"] as? [[String: Any]])?.first
            var facts: [String: Any] = ["supply": (supply?["description_base"] ?? supply?["description"]) as? String ?? ""]
            if let serial = device["serial"] as? String { facts["serial"] = serial }
            if let total = (device["counters"] as? [String: Any])?["total_page_count"] as? Int { facts["total"] = total }
            expect[host.address] = facts
        }
        let expectJSON = String(decoding: try JSONSerialization.data(withJSONObject: expect), as: UTF8.self)
        let (result, agentLog) = try await offload { () throws -> ((status: Int32, output: String), String) in
            let python = try Browser.seleniumPython()
            let result = try runToolBlocking(python, [Self.script, "http://127.0.0.1:\(server.http)", email, password, shots,
                                                     AgentCLI.executable, state, String(port), "127.0.6.1", "127.0.6.9", expectJSON],
                                             includeErrors: true)
            return (result, (try? String(contentsOfFile: state + "/run.log", encoding: .utf8)) ?? "")
        }
        await server.stop()
        try? FileManager.default.removeItem(atPath: state)
        let report = result.output.split(separator: "\n").last.map(String.init) ?? ""
        #expect(result.status == 0, "browser flow failed:\n\(result.output.suffix(6000))\nagent log:\n\(agentLog.suffix(3000))")
        #expect(report.contains("\"ok\": true"))
        for name in ["01-overview-empty", "03-agent-command", "05-range-progress", "06-devices", "07-devices-phone", "08-device", "12-agent-revoked"] {
            #expect(FileManager.default.fileExists(atPath: shots + "/\(name).png"), "\(name).png")
        }
    }
}

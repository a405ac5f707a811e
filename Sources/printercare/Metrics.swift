import AgentGateway
import Foundation
import HTTPServer
import Store
import Synchronization

/// `GET /metrics` in Prometheus's text format (version 0.0.4): this process's health and work, as
/// installation-wide totals only — no organization, agent or device is named, so the endpoint can be
/// scraped without a token.
final class Metrics: Sendable {
    private let database: Database
    private let gateway: GatewayContext
    private let server = Mutex<Server?>(nil)
    private let started = Date()

    init(database: Database, gateway: GatewayContext) {
        self.database = database
        self.gateway = gateway
    }

    /// The server whose connections are counted (known only once it exists).
    func attach(_ server: Server) { self.server.withLock { $0 = server } }

    func response() async -> HTTPResponse {
        let up = await database.ping()
        let counters = gateway.counters
        var lines: [String] = []
        func metric(_ name: String, _ type: String, _ help: String, _ value: some Numeric) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            lines.append("\(name) \(value)")
        }
        metric("printercare_database_up", "gauge", "1 when PostgreSQL answered a ping just now.", up ? 1 : 0)
        metric("printercare_open_connections", "gauge", "HTTP, HTTPS and gateway connections open in this process.",
               server.withLock { $0?.openConnections ?? 0 })
        metric("printercare_gateway_waiting_polls", "gauge", "Agent long polls waiting in this process.", gateway.notifier.waitingCount)
        metric("printercare_gateway_uploads_stored_total", "counter", "Agent uploads stored.", counters.uploadsStored.load(ordering: .relaxed))
        metric("printercare_gateway_uploads_duplicate_total", "counter", "Agent uploads answered as already stored (retries).",
               counters.uploadsDuplicate.load(ordering: .relaxed))
        metric("printercare_gateway_readings_stored_total", "counter", "Readings stored from uploads.", counters.readingsStored.load(ordering: .relaxed))
        metric("printercare_gateway_readings_rejected_total", "counter", "Readings refused (a device not served by the sending agent).",
               counters.readingsRejected.load(ordering: .relaxed))
        metric("printercare_gateway_commands_sent_total", "counter", "Commands handed to agents.", counters.commandsSent.load(ordering: .relaxed))
        metric("printercare_gateway_enrolments_total", "counter", "Agents enrolled.", counters.enrolments.load(ordering: .relaxed))
        metric("printercare_gateway_certificates_refused_total", "counter", "Gateway requests refused for an invalid certificate.",
               counters.certificatesRefused.load(ordering: .relaxed))
        metric("process_resident_memory_bytes", "gauge", "Resident memory of this process.", Self.residentBytes())
        metric("process_start_time_seconds", "gauge", "Start of this process, seconds since the Unix epoch.", Int(started.timeIntervalSince1970))
        var response = HTTPResponse.text(lines.joined(separator: "\n") + "\n")
        response.headers.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        response.headers.add("Cache-Control", "no-store")
        return response
    }

    /// Resident pages × page size, from /proc/self/statm (0 where that does not exist).
    private static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

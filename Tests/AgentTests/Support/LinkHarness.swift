import Foundation
import Testing
import TestSupport

/// The pieces `ResilienceTests` start, kill, pause and restart: `printercare serve` processes whose pid
/// is ours to signal (kill -9, SIGSTOP) and which come back on the same ports and data directory, real
/// `printercare-agent run` processes, snmpsim printers, and superuser SQL on the embedded cluster (to
/// look behind the API, and to hold a row lock that parks an upload inside its transaction).
///
/// Everything one test starts belongs to its `LinkLab`; `shutdown()` (called from a `defer`) ends it
/// all, also after a failure: agents and lock holders killed, servers resumed and stopped, simulators
/// stopped, and every embedded cluster a killed server left running stopped with `pg_ctl`.
final class LinkLab: @unchecked Sendable {
    // @unchecked Sendable: one test drives its lab at a time.
    let root = NSTemporaryDirectory() + "printercare-resilience-" + UUID().uuidString
    private(set) var servers: [LinkServer] = []
    private(set) var agents: [LinkAgent] = []
    private var simulators: [SNMPSimulator] = []
    private var lockHolders: [ChildProcess] = []
    /// Set by a test that passed: its files are removed then (kept for a look after a failure).
    var passed = false

    init() throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// Printers from `recordings`, one per address `prefix.2`, `prefix.3`, … on one UDP port.
    func printers(_ recordings: [String], prefix: String) async throws -> (port: Int, addresses: [String]) {
        let port = try await SNMPSimulator.freeUDPPortAsync()
        var addresses: [String] = []
        for (offset, recording) in recordings.enumerated() {
            let address = "\(prefix).\(offset + 2)"
            simulators.append(try await SNMPSimulator.start(address: address, port: port, files: [(recording, "public")]))
            addresses.append(address)
        }
        return (port, addresses)
    }

    func server(_ name: String, environment: [String: String] = [:]) -> LinkServer {
        let server = LinkServer(dataDirectory: root + "/" + name, environment: environment)
        servers.append(server)
        return server
    }

    func agent(_ name: String) -> LinkAgent {
        let agent = LinkAgent(state: root + "/" + name)
        agents.append(agent)
        return agent
    }

    /// A `psql` session that locks `agent_commands` row `commandID` and keeps it until `releaseLocks()`:
    /// an upload completing that command then waits inside its transaction (readings inserted, not
    /// committed) for as long as the test likes.
    func lockCommand(_ commandID: Int, cluster: LinkServer) async throws {
        let sql = "BEGIN; SELECT id FROM agent_commands WHERE id = \(commandID) FOR UPDATE; SELECT pg_sleep(120); COMMIT;"
        let arguments = ClusterSQL.psqlArguments(socket: cluster.socketDirectory, sql: sql, applicationName: ClusterSQL.lockName)
        lockHolders.append(try ChildProcess(arguments[0], Array(arguments.dropFirst())))
        try await waitUntil("the lock holder sleeps", timeout: 15) {
            try await ClusterSQL.query(cluster, "SELECT wait_event FROM pg_stat_activity WHERE application_name = '\(ClusterSQL.lockName)'") == "PgSleep"
        }
    }

    /// How many sessions wait for the lock holder.
    func sessionsBlockedByLock(cluster: LinkServer) async throws -> Int {
        Int(try await ClusterSQL.query(cluster, """
            SELECT count(*) FROM pg_stat_activity a
            WHERE (SELECT pid FROM pg_stat_activity WHERE application_name = '\(ClusterSQL.lockName)') = ANY(pg_blocking_pids(a.pid))
            """)) ?? -1
    }

    /// Ends the lock holder's session (its transaction, a mere SELECT … FOR UPDATE, rolls back).
    func releaseLocks(cluster: LinkServer) async throws {
        _ = try await ClusterSQL.query(cluster, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '\(ClusterSQL.lockName)'")
        let holders = lockHolders
        lockHolders = []
        try await offload { for holder in holders { holder.wait() } }
    }

    /// Ends everything this lab started (blocking; for a `defer`).
    func shutdown() {
        for agent in agents { agent.kill9() }
        for holder in lockHolders {
            holder.signal(SIGKILL)
            holder.wait()
        }
        lockHolders = []
        for server in servers { server.stopBlocking() }
        simulators.forEach { $0.stop() }
        simulators = []
        // A server killed with -9 leaves its embedded cluster running, and a restarted one reuses it
        // without owning it: stop what is left.
        for server in servers { ClusterSQL.stopCluster(server) }
        if passed { try? FileManager.default.removeItem(atPath: root) }
    }
}

/// One `printercare serve` we can kill -9, pause and restart on the same ports and data directory.
/// Standard output (the ports line) goes to a file per start; standard error (the log) to `logPath`.
final class LinkServer: @unchecked Sendable {
    // @unchecked Sendable: one test drives it at a time.
    let dataDirectory: String
    let environment: [String: String]
    private(set) var child: ChildProcess?
    private(set) var http = 0
    private(set) var https = 0
    private(set) var gateway = 0
    private var starts = 0
    var logPath: String { dataDirectory + ".log" }
    /// The embedded cluster's socket directory (a server with DATABASE_URL uses another's).
    var socketDirectory: String { dataDirectory + "/postgres-socket" }

    init(dataDirectory: String, environment: [String: String]) {
        self.dataDirectory = dataDirectory
        self.environment = environment
    }

    /// Starts the server: on free ports the first time, on the same ports afterwards.
    func start() async throws {
        try await offload { try self.startBlocking() }
    }

    private func startBlocking() throws {
        precondition(!(child?.isRunning ?? false), "already running")
        starts += 1
        let output = dataDirectory + ".stdout.\(starts)"
        let arguments = ["serve", "--host", "127.0.0.1", "--http-port", "\(http)", "--https-port", "\(https)",
                         "--gateway-port", "\(gateway)", "--data-dir", dataDirectory,
                         "--public-dir", ServeProcess.repositoryRoot + "/Public", "--shutdown-grace", "3"]
        let process = try ChildProcess(ServeProcess.executable, arguments,
                                       environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
                                       stdout: .file(output), stderr: .file(logPath))
        child = process
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("printercare: http=") }) {
                var ports: [String: Int] = [:]
                for field in line.split(separator: " ") {
                    let parts = field.split(separator: "=")
                    if parts.count == 2, let port = Int(parts[1]) { ports[String(parts[0])] = port }
                }
                if let http = ports["http"], let https = ports["https"], let gateway = ports["gateway"] {
                    (self.http, self.https, self.gateway) = (http, https, gateway)
                    return
                }
            }
            if !process.isRunning { break }
            usleep(50_000)
        }
        process.signal(SIGKILL)
        process.wait()
        throw ServeError("serve did not start (\(dataDirectory)):\n\(String(logText.suffix(3000)))")
    }

    /// kill -9, and reaps it. The embedded cluster stays up (a restart reuses it).
    func kill9() {
        child?.signal(SIGCONT)
        child?.signal(SIGKILL)
        child?.wait()
    }

    func pause() { child?.signal(SIGSTOP) }
    func resume() { child?.signal(SIGCONT) }

    /// SIGTERM and a bounded wait, off the cooperative pool; returns the exit status.
    @discardableResult
    func stop() async -> Int32? {
        (try? await offload { self.stopBlocking() }) ?? nil
    }

    @discardableResult
    func stopBlocking(timeout: TimeInterval = 15) -> Int32? {
        guard let child else { return nil }
        guard child.isRunning else { return child.wait() }
        child.signal(SIGCONT)
        child.signal(SIGTERM)
        let deadline = Date().addingTimeInterval(timeout)
        while child.isRunning && Date() < deadline { usleep(20_000) }
        if child.isRunning {
            child.signal(SIGKILL)
            child.wait()
            return nil
        }
        return child.wait()
    }

    var isRunning: Bool { child?.isRunning ?? false }
    var logText: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// A new API token for the first admin (`tokens create` beside the running server).
    func makeToken(user: String = "admin@localhost.localdomain") async throws -> String {
        let made = try await runTool(ServeProcess.executable, ["tokens", "create", "--user", user, "--data-dir", dataDirectory],
                                     environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
        let token = made.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard made.status == 0, token.hasPrefix("pc_") else { throw ServeError("tokens create failed: \(made.output)") }
        return token
    }

    func api(token: String) -> LinkAPI { LinkAPI(port: http, token: token) }
}

/// A `printercare-agent` state directory and its `run` process; its log (standard error) is appended to
/// across restarts, so a test reads "what came after" from a byte offset.
final class LinkAgent: @unchecked Sendable {
    // @unchecked Sendable: one test drives it at a time.
    let state: String
    private(set) var child: ChildProcess?
    var logPath: String { state + ".log" }

    init(state: String) { self.state = state }

    func enroll(server: LinkServer, token: String) async throws {
        let enrolled = try await AgentCLI.run(["enroll", "--server", "127.0.0.1:\(server.https)", "--token", token, "--state-dir", state])
        guard enrolled.code == 0 else { throw ServeError("enroll failed: \(enrolled.stderr)") }
    }

    /// `run` with quick reconnects (at most 2 s apart) and SNMP's `timeout`.
    func start(timeout: Double = 1, extra: [String] = []) throws {
        precondition(!(child?.isRunning ?? false), "already running")
        child = try ChildProcess(AgentCLI.executable, ["run", "--state-dir", state, "--timeout", "\(timeout)", "--max-backoff", "2"] + extra,
                                 stderr: .file(logPath))
    }

    func kill9() {
        child?.signal(SIGKILL)
        child?.wait()
    }

    var logText: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
    var logSize: Int { ((try? FileManager.default.attributesOfItem(atPath: logPath)[.size]) as? Int) ?? 0 }

    /// The log after byte `offset`.
    func log(after offset: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: logPath) else { return "" }
        defer { try? handle.close() }
        try? handle.seek(toOffset: UInt64(offset))
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }

    /// The first log line after `offset` containing every one of `parts`, waiting up to `timeout` seconds.
    @discardableResult
    func waitForLine(_ parts: String..., after offset: Int = 0, timeout: Double = 30) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let line = lines(after: offset, containing: parts).first { return line }
            guard Date() < deadline else {
                throw ServeError("no agent log line with \(parts) within \(timeout) s; log after offset:\n\(String(log(after: offset).suffix(3000)))")
            }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    /// The log lines after `offset` containing every one of `parts`.
    func lines(after offset: Int = 0, containing parts: [String]) -> [String] {
        log(after: offset).split(separator: "\n").filter { line in parts.allSatisfy { line.contains($0) } }.map(String.init)
    }

    /// Files waiting in the spool (not the rejected ones).
    var spooled: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: state + "/spool")) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// The spool file name in a "command N done: … → spool NAME" line.
    static func spoolName(inDoneLine line: String) -> String? {
        guard let range = line.range(of: "→ spool ") else { return nil }
        return String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces)
    }

    /// The upload key inside a spool file name (`<sequence>-c<command>-<key>.json`).
    static func uploadKey(ofSpoolName name: String) -> String {
        let stem = name.hasSuffix(".json") ? String(name.dropLast(5)) : name
        return stem.split(separator: "-", maxSplits: 2).last.map(String.init) ?? stem
    }
}

/// The REST API over plain HTTP through curl (as a script would use it).
struct LinkAPI: Sendable {
    let port: Int
    let token: String

    func call(_ method: String, _ path: String, _ body: String? = nil) async throws -> (status: Int, json: [String: Any]) {
        var arguments = ["-sS", "-m", "20", "-X", method, "-H", "Authorization: Bearer \(token)", "-w", "\n%{http_code}",
                         "http://127.0.0.1:\(port)\(path)"]
        if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
        let output = try await runTool("/usr/bin/curl", arguments).output
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let json = (try? JSONSerialization.jsonObject(with: Data(lines.dropLast().joined(separator: "\n").utf8))) as? [String: Any]
        return (Int(lines.last ?? "") ?? -1, json ?? [:])
    }

    /// A created resource's id (201 required).
    func create(_ path: String, _ body: String) async throws -> (id: Int, json: [String: Any]) {
        let answer = try await call("POST", path, body)
        guard answer.status == 201, let id = answer.json["id"] as? Int else {
            throw ServeError("POST \(path) → \(answer.status) \(answer.json)")
        }
        return (id, answer.json)
    }

    /// `POST /api/v1/address-ranges/{id}/discover`: the queued command's id.
    func discover(range: Int) async throws -> Int {
        let answer = try await call("POST", "/api/v1/address-ranges/\(range)/discover")
        guard answer.status == 202, let id = answer.json["id"] as? Int else {
            throw ServeError("discover → \(answer.status) \(answer.json)")
        }
        return id
    }

    /// The organization's devices (one page is plenty here).
    func devices() async throws -> [[String: Any]] {
        try await call("GET", "/api/v1/devices").json["items"] as? [[String: Any]] ?? []
    }

    /// Every stored reading of each device, by device address.
    func readingsByAddress() async throws -> [String: [[String: Any]]] {
        var result: [String: [[String: Any]]] = [:]
        for device in try await devices() {
            guard let id = device["id"] as? Int, let address = device["address"] as? String else { continue }
            result[address] = try await call("GET", "/api/v1/devices/\(id)/readings").json["items"] as? [[String: Any]] ?? []
        }
        return result
    }
}

/// Superuser SQL on an embedded cluster (as the `postgres` account when we are root, like the server).
enum ClusterSQL {
    static let lockName = "resilience_lock"
    static var asDatabaseOwner: [String] { getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : [] }

    static func psqlArguments(socket: String, sql: String, applicationName: String? = nil) -> [String] {
        let connection = "host=\(socket) user=postgres dbname=printercare" + (applicationName.map { " application_name=\($0)" } ?? "")
        // From "/": the postgres account may not enter the test's working directory (a fresh clone under
        // a private temporary folder), and psql's complaint about it would land in the output.
        return asDatabaseOwner + ["/usr/bin/env", "-C", "/", "/usr/bin/psql", connection, "-AtqX", "-v", "ON_ERROR_STOP=1", "-c", sql]
    }

    /// One statement's output (rows as `a|b` lines, trimmed).
    static func query(_ cluster: LinkServer, _ sql: String) async throws -> String {
        let arguments = psqlArguments(socket: cluster.socketDirectory, sql: sql)
        let result = try await runTool(arguments[0], Array(arguments.dropFirst()), includeErrors: true)
        guard result.status == 0 else { throw ServeError("psql failed (\(result.status)): \(sql)\n\(result.output)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func count(_ cluster: LinkServer, _ sql: String) async throws -> Int {
        let text = try await query(cluster, sql)
        guard let value = Int(text) else { throw ServeError("not a count: \(text) for \(sql)") }
        return value
    }

    /// `pg_ctl stop -m fast` on the server's embedded cluster when one still runs (blocking).
    static func stopCluster(_ server: LinkServer) {
        let cluster = server.dataDirectory + "/postgres"
        guard FileManager.default.fileExists(atPath: cluster + "/postmaster.pid") else { return }
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).compactMap(Int.init).sorted(by: >)
        guard let pgCtl = versions.map({ "/usr/lib/postgresql/\($0)/bin/pg_ctl" }).first(where: FileManager.default.isExecutableFile) else { return }
        let arguments = asDatabaseOwner + [pgCtl, "stop", "-D", cluster, "-m", "fast", "-w", "-t", "20"]
        _ = try? runToolBlocking(arguments[0], Array(arguments.dropFirst()), includeErrors: true)
    }
}

/// Polls `condition` every 100 ms until it holds, or fails after `timeout` seconds.
func waitUntil(_ what: String, timeout: Double, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if try await condition() { return }
        guard Date() < deadline else { throw ServeError("timed out after \(timeout) s waiting until \(what)") }
        try await Task.sleep(for: .milliseconds(100))
    }
}

/// RFC 3339, with or without fractional seconds.
func parseTimestamp(_ value: Any?) -> Date? {
    guard let text = value as? String else { return nil }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: text)
}

/// Established TCP connections (IPv4) to local port `port`, from /proc/net/tcp (state 01).
func establishedConnections(toPort port: Int) -> Int {
    // Read to the end: a proc file has no size, and a single read returns one page of a long table.
    guard let handle = FileHandle(forReadingAtPath: "/proc/net/tcp") else { return 0 }
    defer { try? handle.close() }
    let table = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    let wanted = String(format: ":%04X", port)
    return table.split(separator: "\n").dropFirst().filter { row in
        let fields = row.split(separator: " ")
        return fields.count > 3 && fields[2].hasSuffix(wanted) && fields[3] == "01"
    }.count
}

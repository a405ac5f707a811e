import Foundation
import TestSupport

/// A real `printercare serve` for the browser test: free loopback ports, its own data directory,
/// the bootstrap admin from the environment, stopped with SIGTERM. Its log goes to a file that the
/// test prints when something fails.
final class BrowserServer {
    private var child: ChildProcess?
    let dataDirectory: String
    let logPath: String
    private(set) var httpPort = 0
    private let output = Pipe()

    /// The executable built next to the test bundle (the test target depends on it).
    static var executable: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("printercare").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return BrowserSupport.root + "/.build/debug/printercare"
    }

    init(adminEmail: String, adminPassword: String, databaseURL: String?) throws {
        let name = "printercare-browser-\(UUID().uuidString.prefix(8))"
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        logPath = dataDirectory + ".log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        var environment = ProcessInfo.processInfo.environment
        environment["PRINTERCARE_ADMIN_EMAIL"] = adminEmail
        environment["PRINTERCARE_ADMIN_PASSWORD"] = adminPassword
        if let databaseURL { environment["DATABASE_URL"] = databaseURL } else { environment.removeValue(forKey: "DATABASE_URL") }
        child = try ChildProcess(Self.executable, ["serve", "--host", "127.0.0.1", "--http-port", "0", "--https-port", "0",
                                                   "--gateway-port", "0", "--data-dir", dataDirectory, "--shutdown-grace", "3"],
                                 environment: environment, directory: BrowserSupport.root, stdout: .pipe(output), stderr: .file(logPath))
        try waitForPorts()
    }

    /// Reads standard output until the `printercare: http=...` line (the embedded database may take a while).
    private func waitForPorts() throws {
        var text = ""
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline, !text.contains("printercare: http=") || !text.hasSuffix("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let line = text.split(separator: "\n").first { $0.hasPrefix("printercare: http=") } ?? ""
        for field in line.split(separator: " ") where field.hasPrefix("http=") {
            httpPort = Int(field.dropFirst(5)) ?? 0
        }
        guard httpPort > 0 else {
            stop()
            throw BrowserError("server did not start: \(text)\n\(log)")
        }
    }

    var baseURL: String { "http://127.0.0.1:\(httpPort)" }

    /// The server's standard error so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// SIGTERM, then SIGKILL after a bounded wait; removes the data directory.
    func stop() {
        if let child, child.isRunning {
            child.signal(SIGTERM)
            let deadline = Date().addingTimeInterval(20)
            while child.isRunning && Date() < deadline { usleep(50_000) }
            if child.isRunning { child.signal(SIGKILL); child.wait() }
        }
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    deinit { child?.signal(SIGKILL) }
}

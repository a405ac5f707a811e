import Foundation

/// A `printercare serve` process started for one test on free loopback ports, stopped with SIGTERM.
public final class ServeProcess: @unchecked Sendable {
    // @unchecked Sendable: one test drives it at a time; blocking steps run through `offload`.
    private var child: ChildProcess?
    public let dataDirectory: String
    public private(set) var http = 0
    public private(set) var https = 0
    public private(set) var gateway = 0
    private let output = Pipe()
    /// What the server printed before it was ready (e.g. the one-time admin password).
    public private(set) var startupOutput = ""

    /// The executable built next to the test bundle.
    public static var executable: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("printercare").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/printercare").standardized.path
    }

    public static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    }

    /// Starts the server off the cooperative pool (start-up blocks while it waits for the ports line).
    public static func start(dataDirectory: String? = nil, fileLimit: Int? = nil, extra: [String] = [],
                      environment: [String: String] = [:]) async throws -> ServeProcess {
        try await offload { try ServeProcess(dataDirectory: dataDirectory, fileLimit: fileLimit, extra: extra, environment: environment) }
    }

    /// Starts the server; `fileLimit` runs it under `ulimit -n` to provoke EMFILE.
    private init(dataDirectory: String? = nil, fileLimit: Int? = nil, extra: [String] = [], environment: [String: String] = [:]) throws {
        self.dataDirectory = dataDirectory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("printercare-test-\(UUID().uuidString)").path
        var arguments = [Self.executable, "serve", "--host", "127.0.0.1", "--http-port", "0", "--https-port", "0",
                         "--gateway-port", "0", "--data-dir", self.dataDirectory,
                         "--public-dir", Self.repositoryRoot + "/Public", "--shutdown-grace", "3"] + extra
        if let fileLimit {
            arguments = ["/bin/sh", "-c", "ulimit -n \(fileLimit) && exec \"$@\"", "sh"] + arguments
        }
        child = try ChildProcess(arguments[0], Array(arguments.dropFirst()),
                                 environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
                                 stdout: .pipe(output))
        try readPorts()
    }

    private func readPorts() throws {
        var text = ""
        // The ports line may follow others (the first start prints the admin's one-time password).
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !(text.contains("http=") && text.hasSuffix("\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        startupOutput = text
        let portsLine = text.split(separator: "\n").first { $0.contains("http=") } ?? ""
        for field in portsLine.split(separator: " ") {
            let parts = field.split(separator: "=")
            guard parts.count == 2, let port = Int(parts[1]) else { continue }
            switch parts[0] {
            case "http": http = port
            case "https": https = port
            case "gateway": gateway = port
            default: break
            }
        }
        guard http > 0, https > 0, gateway > 0 else {
            child?.signal(SIGKILL)
            child?.wait()
            throw ServeError("server did not report its ports: \(text.debugDescription)")
        }
    }

    /// Sends SIGTERM and waits (bounded, off the cooperative pool) for the exit status.
    @discardableResult
    public func stop(timeout: TimeInterval = 10) async -> Int32? {
        (try? await offload { self.stopBlocking(timeout: timeout) }) ?? nil
    }

    private func stopBlocking(timeout: TimeInterval) -> Int32? {
        guard let child else { return nil }
        guard child.isRunning else { return child.wait() }
        child.signal(SIGTERM)
        let deadline = Date().addingTimeInterval(timeout)
        while child.isRunning && Date() < deadline { usleep(20_000) }
        if child.isRunning { child.signal(SIGKILL); child.wait(); return nil }
        return child.wait()
    }

    /// A test that failed before `stop` still stops its server gracefully, so the embedded PostgreSQL
    /// it started is stopped too rather than orphaned.
    deinit { if isRunning { _ = stopBlocking(timeout: 5) } }

    /// Whether the server process still runs.
    public var isRunning: Bool { child?.isRunning ?? false }
}

/// `serve` did not come up.
public struct ServeError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

import Foundation

/// A `printercare serve` process started for one test on free loopback ports, stopped with SIGTERM.
final class ServeProcess {
    let process = Process()
    let dataDirectory: String
    private(set) var http = 0
    private(set) var https = 0
    private(set) var gateway = 0
    private let output = Pipe()

    /// The executable built next to the test bundle.
    static var executable: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("printercare").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/printercare").standardized.path
    }

    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    }

    /// Starts the server; `fileLimit` runs it under `ulimit -n` to provoke EMFILE.
    init(dataDirectory: String? = nil, fileLimit: Int? = nil, extra: [String] = []) throws {
        self.dataDirectory = dataDirectory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("printercare-test-\(UUID().uuidString)").path
        var arguments = [Self.executable, "serve", "--host", "127.0.0.1", "--http-port", "0", "--https-port", "0",
                         "--gateway-port", "0", "--data-dir", self.dataDirectory,
                         "--public-dir", Self.repositoryRoot + "/Public", "--shutdown-grace", "3"] + extra
        if let fileLimit {
            arguments = ["/bin/sh", "-c", "ulimit -n \(fileLimit) && exec \"$@\"", "sh"] + arguments
        }
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        try readPorts()
    }

    private func readPorts() throws {
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        for field in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
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
            process.terminate()
            throw ServeError("server did not report its ports: \(text.debugDescription)")
        }
    }

    /// Sends SIGTERM and waits (bounded) for the exit status.
    @discardableResult
    func stop(timeout: TimeInterval = 10) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL); return nil }
        return process.terminationStatus
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

/// Runs a command line tool (curl, openssl) and returns its exit status and standard output.
func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

struct ServeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

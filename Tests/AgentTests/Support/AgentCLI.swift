import Foundation
import TestSupport

/// Runs the built `printercare-agent` executable as a user would, off the cooperative pool.
enum AgentCLI {
    /// What one run printed and how it ended.
    struct Outcome: Sendable {
        let code: Int32
        let stdout: String
        let stderr: String

        /// Each non-empty stdout line parsed as a JSON object.
        var jsonLines: [[String: Any]] {
            stdout.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
            }
        }
    }

    /// The executable built next to the test bundle (`swift build` builds it with the tests).
    static var executable: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("printercare-agent").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return SNMPSimulator.repositoryRoot + "/.build/debug/printercare-agent"
    }

    /// Runs `printercare-agent arguments…`, killing it after `timeout` seconds so no test hangs;
    /// a `wrapper` (e.g. `ip netns exec NS`) runs it through another command.
    static func run(_ arguments: [String], timeout: Double = 60, wrapper: [String] = []) async throws -> Outcome {
        try await offload {
            let out = Pipe(), err = Pipe()
            let process = try ChildProcess(wrapper.first ?? executable,
                                           wrapper.isEmpty ? arguments : Array(wrapper.dropFirst()) + [executable] + arguments,
                                           stdout: .pipe(out), stderr: .pipe(err))
            let watchdog = DispatchWorkItem { process.signal(SIGTERM) }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
            // Read stderr on its own thread so neither pipe can fill and stall the child.
            let errorBox = DataBox()
            let done = DispatchSemaphore(value: 0)
            Thread {
                errorBox.data = err.fileHandleForReading.readDataToEndOfFile()
                done.signal()
            }.start()
            let outputData = out.fileHandleForReading.readDataToEndOfFile()
            done.wait()
            let status = process.wait()
            watchdog.cancel()
            return Outcome(code: status, stdout: String(decoding: outputData, as: UTF8.self),
                           stderr: String(decoding: errorBox.data, as: UTF8.self))
        }
    }
}

/// Carries stderr's bytes from the reader thread; the semaphore orders the write before the read.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}

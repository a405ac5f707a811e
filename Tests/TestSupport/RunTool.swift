import Foundation

/// Runs a program to completion and returns its exit status and output (standard output, plus
/// standard error when `includeErrors`). A bare name is looked up on PATH through /usr/bin/env.
public func runToolBlocking(_ tool: String, _ arguments: [String], environment: [String: String]? = nil,
                            includeErrors: Bool = false) throws -> (status: Int32, output: String) {
    let process = Process()
    if tool.hasPrefix("/") {
        CleanLaunch.configure(process, executable: tool, arguments: arguments)
    } else {
        CleanLaunch.configure(process, executable: "/usr/bin/env", arguments: [tool] + arguments)
    }
    if let environment { process.environment = environment }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = includeErrors ? pipe : FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The same, awaited from a test without blocking the cooperative pool.
public func runTool(_ tool: String, _ arguments: [String], environment: [String: String]? = nil,
                    includeErrors: Bool = false) async throws -> (status: Int32, output: String) {
    try await offload { try runToolBlocking(tool, arguments, environment: environment, includeErrors: includeErrors) }
}

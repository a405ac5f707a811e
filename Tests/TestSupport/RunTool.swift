import Foundation

/// Runs a program to completion and returns its exit status and output (standard output, plus
/// standard error when `includeErrors`). A bare name is looked up on PATH through /usr/bin/env.
/// Started as a `ChildProcess`: it inherits no descriptor of another test.
public func runToolBlocking(_ tool: String, _ arguments: [String], environment: [String: String]? = nil,
                            includeErrors: Bool = false) throws -> (status: Int32, output: String) {
    let pipe = Pipe()
    let executable = tool.hasPrefix("/") ? tool : "/usr/bin/env"
    let child = try ChildProcess(executable, tool.hasPrefix("/") ? arguments : [tool] + arguments, environment: environment,
                                 stdout: .pipe(pipe), stderr: includeErrors ? .pipe(pipe) : .null)
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    return (child.wait(), String(decoding: data, as: UTF8.self))
}

/// The same, awaited from a test without blocking the cooperative pool.
public func runTool(_ tool: String, _ arguments: [String], environment: [String: String]? = nil,
                    includeErrors: Bool = false) async throws -> (status: Int32, output: String) {
    try await offload { try runToolBlocking(tool, arguments, environment: environment, includeErrors: includeErrors) }
}

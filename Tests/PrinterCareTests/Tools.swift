import Foundation
import TestSupport

/// Runs a command line tool (curl, openssl) off the cooperative pool; `includeErrors` adds standard error.
func run(_ tool: String, _ arguments: [String], includeErrors: Bool = false) async throws -> (status: Int32, output: String) {
    try await runTool(tool, arguments, includeErrors: includeErrors)
}

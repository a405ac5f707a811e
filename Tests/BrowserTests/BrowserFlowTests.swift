import Foundation
import Testing
import TestSupport

/// Sign in, reach the fleet, open the users page and sign out in a real headless Chromium against a
/// real `printercare serve` with a real database. Screenshots land in `.build/screenshots/`.
@Suite(.serialized) struct BrowserFlowTests {
    @Test(.timeLimit(.minutes(5)))
    func signInFleetUsersSignOut() async throws {
        if let missing = BrowserSupport.missingBrowser() {
            // Not a silent pass: the run fails and says what to install.
            Issue.record(Comment(rawValue: missing))
            return
        }
        // Everything below blocks (pip, the server process, the browser run): on a thread of its own,
        // not on the cooperative pool the other tests need.
        let (result, serverLog) = try await offload { () throws -> ((status: Int32, output: String), String) in
            let python = try BrowserSupport.seleniumPython()
            let email = "admin@browser.test"
            let password = "browser-test-\(UUID().uuidString.prefix(12))"
            let server = try BrowserServer(adminEmail: email, adminPassword: password,
                                           databaseURL: ProcessInfo.processInfo.environment["PRINTERCARE_TEST_DATABASE_URL"])
            defer { server.stop() }
            let result = try runToolBlocking(python, [BrowserSupport.script, server.baseURL, email, password, BrowserSupport.screenshots],
                                             includeErrors: true)
            return (result, String(server.log.suffix(4000)))
        }
        let report = result.output.split(separator: "\n").last.map(String.init) ?? ""
        #expect(result.status == 0, "browser flow failed:\n\(result.output)\nserver log:\n\(serverLog)")
        #expect(report.contains("\"ok\": true"))
        for name in ["01-login", "03-fleet", "04-users", "05-users-phone", "06-signed-out"] {
            #expect(FileManager.default.fileExists(atPath: BrowserSupport.screenshots + "/\(name).png"), "\(name).png")
        }
    }
}

import Foundation
import Testing

/// Sign in, reach the fleet, open the users page and sign out in a real headless Chromium against a
/// real `printercare serve` with a real database. Screenshots land in `.build/screenshots/`.
@Suite(.serialized) struct BrowserFlowTests {
    @Test(.timeLimit(.minutes(5)))
    func signInFleetUsersSignOut() throws {
        if let missing = BrowserSupport.missingBrowser() {
            // Not a silent pass: the run fails and says what to install.
            Issue.record(Comment(rawValue: missing))
            return
        }
        let python = try BrowserSupport.seleniumPython()
        let email = "admin@browser.test"
        let password = "browser-test-\(UUID().uuidString.prefix(12))"
        let server = try BrowserServer(adminEmail: email, adminPassword: password,
                                       databaseURL: ProcessInfo.processInfo.environment["PRINTERCARE_TEST_DATABASE_URL"])
        defer { server.stop() }
        let result = try BrowserSupport.run(python, [BrowserSupport.script, server.baseURL, email, password, BrowserSupport.screenshots])
        let report = result.output.split(separator: "\n").last.map(String.init) ?? ""
        #expect(result.status == 0, "browser flow failed:\n\(result.output)\nserver log:\n\(server.log.suffix(4000))")
        #expect(report.contains("\"ok\": true"))
        for name in ["01-login", "03-fleet", "04-users", "05-users-phone", "06-signed-out"] {
            #expect(FileManager.default.fileExists(atPath: BrowserSupport.screenshots + "/\(name).png"), "\(name).png")
        }
    }
}

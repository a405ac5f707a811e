import Foundation
import TestSupport

/// Finding Chromium, preparing selenium in a cached virtualenv, and running commands.
enum BrowserSupport {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    static let chromium = ProcessInfo.processInfo.environment["CHROMIUM_BINARY"] ?? "/usr/bin/chromium"
    static let chromedriver = ProcessInfo.processInfo.environment["CHROMEDRIVER"] ?? "/usr/bin/chromedriver"
    static let venv = root + "/.build/venv"
    static let screenshots = root + "/.build/screenshots"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("browser_flow.py").path

    /// What is missing to drive a browser, in words a person can act on; nil when nothing is.
    static func missingBrowser() -> String? {
        let manager = FileManager.default
        var missing: [String] = []
        if !manager.isExecutableFile(atPath: chromium) { missing.append("chromium (\(chromium))") }
        if !manager.isExecutableFile(atPath: chromedriver) { missing.append("chromedriver (\(chromedriver))") }
        guard !missing.isEmpty else { return nil }
        return "cannot run browser tests, missing: \(missing.joined(separator: ", ")). "
            + "Install them with: apt-get install -y chromium chromium-driver (listed in scripts/test-packages.txt)"
    }

    /// The virtualenv's python with selenium installed, made on first use under `.build/venv`.
    static func seleniumPython() throws -> String {
        let python = venv + "/bin/python"
        if FileManager.default.isExecutableFile(atPath: python),
           (try? runToolBlocking(python, ["-c", "import selenium"], includeErrors: true).status) == 0 {
            return python
        }
        let system = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
        let made = try runToolBlocking(system, ["-m", "venv", "--clear", venv], includeErrors: true)
        guard made.status == 0 else { throw BrowserError("python3 -m venv failed (install python3-venv): \(made.output)") }
        let pip = try runToolBlocking(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "selenium>=4.20,<5"], includeErrors: true)
        guard pip.status == 0 else { throw BrowserError("pip install selenium failed: \(pip.output)") }
        return python
    }
}

/// A failure of the browser test's set-up, with the reason.
struct BrowserError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

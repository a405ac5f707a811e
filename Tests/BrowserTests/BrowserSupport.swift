import Foundation

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
           (try? run(python, ["-c", "import selenium"]).status) == 0 {
            return python
        }
        let system = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
        let made = try run(system, ["-m", "venv", "--clear", venv])
        guard made.status == 0 else { throw BrowserError("python3 -m venv failed (install python3-venv): \(made.output)") }
        let pip = try run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "selenium>=4.20,<5"])
        guard pip.status == 0 else { throw BrowserError("pip install selenium failed: \(pip.output)") }
        return python
    }

    /// Runs a program to completion; standard output and error together.
    static func run(_ tool: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        if tool.hasPrefix("/") {
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [tool] + arguments
        }
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A failure of the browser test's set-up, with the reason.
struct BrowserError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

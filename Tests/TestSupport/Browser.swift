import Foundation

/// A real headless Chromium driven by selenium (PyPI) for the page tests: where the browser is, and
/// a virtualenv with selenium made once under `.build/venv`.
public enum Browser {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    public static let chromium = ProcessInfo.processInfo.environment["CHROMIUM_BINARY"] ?? "/usr/bin/chromium"
    public static let chromedriver = ProcessInfo.processInfo.environment["CHROMEDRIVER"] ?? "/usr/bin/chromedriver"
    public static let venv = root + "/.build/venv"
    /// Where the tests leave their screenshots for a reviewer.
    public static let screenshots = root + "/.build/screenshots"

    /// What is missing to drive a browser, in words a person can act on; nil when nothing is.
    public static func missing() -> String? {
        let manager = FileManager.default
        var missing: [String] = []
        if !manager.isExecutableFile(atPath: chromium) { missing.append("chromium (\(chromium))") }
        if !manager.isExecutableFile(atPath: chromedriver) { missing.append("chromedriver (\(chromedriver))") }
        guard !missing.isEmpty else { return nil }
        return "cannot run browser tests, missing: \(missing.joined(separator: ", ")). "
            + "Install them with: apt-get install -y chromium chromium-driver (listed in scripts/test-packages.txt)"
    }

    /// The virtualenv's python with selenium installed, made on first use (blocking; serialised by a
    /// file lock so two test processes do not build it at once).
    public static func seleniumPython() throws -> String {
        let python = venv + "/bin/python"
        try FileManager.default.createDirectory(atPath: root + "/.build", withIntermediateDirectories: true)
        let script = """
            set -e
            exec 9>"\(venv).lock"; flock 9
            if [ -x "\(python)" ] && "\(python)" -c 'import selenium' 2>/dev/null; then exit 0; fi
            PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
            "$PY" -m venv --clear "\(venv)"
            "\(python)" -m pip install --quiet --disable-pip-version-check 'selenium>=4.20,<5'
            """
        let made = try runToolBlocking("/bin/bash", ["-c", script], includeErrors: true)
        guard made.status == 0 else { throw BrowserSetupError("making the selenium virtualenv failed (python3-venv installed?): \(made.output)") }
        return python
    }
}

/// A failure of a browser test's set-up, with the reason.
public struct BrowserSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

import Foundation
import TestSupport

/// The shell's browser flow script and the shared browser plumbing (TestSupport's `Browser`).
enum BrowserSupport {
    static let root = Browser.root
    static let screenshots = Browser.screenshots
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("browser_flow.py").path

    static func missingBrowser() -> String? { Browser.missing() }
    static func seleniumPython() throws -> String { try Browser.seleniumPython() }
}

typealias BrowserError = BrowserSetupError

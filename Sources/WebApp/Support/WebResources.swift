import Foundation

/// Finds the folders the web interface reads at start — `Templates/` and `Locales/` — the way the
/// server finds `Public/`: an explicit path, else the folder in the working directory, else one next
/// to the executable or up to five levels above it (a `swift build` product sits in `.build/debug/`).
public enum WebResources {
    /// The `Templates/` folder.
    public static func templatesDirectory(explicit: String? = nil) throws -> String {
        try locate("Templates", explicit: explicit)
    }

    /// The `Locales/` folder of translation catalogs.
    public static func localesDirectory(explicit: String? = nil) throws -> String {
        try locate("Locales", explicit: explicit)
    }

    /// `explicit` if given, else the first `name` folder found from the working directory or the executable.
    public static func locate(_ name: String, explicit: String? = nil,
                              executable: String = CommandLine.arguments.first ?? "") throws -> String {
        let manager = FileManager.default
        if let explicit {
            guard isDirectory(explicit) else { throw WebAppError.directoryMissing(explicit) }
            return explicit
        }
        let inWorkingDirectory = manager.currentDirectoryPath + "/" + name
        if isDirectory(inWorkingDirectory) { return inWorkingDirectory }
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = folder.appendingPathComponent(name).path
            if isDirectory(candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        throw WebAppError.directoryMissing(name)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

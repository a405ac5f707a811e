import Foundation

/// Files `serve` writes under its data directory (the gateway certificate, the server secret): through
/// a temporary file created with its final mode (never wider, not even for a moment), then renamed
/// into place, so a crash leaves the old file or the new one, never half of one.
enum FileWriting {
    /// `exclusive`: only if `path` does not exist yet (returns false, writing nothing, when it does).
    @discardableResult
    static func atomically(_ text: String, to path: String, mode: Int, exclusive: Bool = false) throws -> Bool {
        let temporary = path + ".tmp-\(getpid())"
        try? FileManager.default.removeItem(atPath: temporary)
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: mode]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        defer { if exclusive { unlink(temporary) } }
        // link(2) refuses an existing name, which makes the exclusive case race-free; rename replaces.
        if exclusive {
            guard link(temporary, path) == 0 else {
                if errno == EEXIST { return false }
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
            return true
        }
        guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        return true
    }
}

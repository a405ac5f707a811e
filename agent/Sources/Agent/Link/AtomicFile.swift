import Foundation

/// Crash-safe file writes: a temporary file in the same directory, written, fsynced, renamed over
/// the target, then the directory fsynced, so after a crash at any point the target holds either
/// its old content or the new one, never a mixture. Temporary files end in `.tmp`; whoever owns a
/// directory removes leftovers of a crash at start (`removeTemporaryFiles`).
enum AtomicFile {
    /// Writes `bytes` to `path` atomically; the temporary file is created with `mode` (never wider).
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(LinkError) {
        let temporary = try writeTemporary(bytes, for: path, mode: mode)
        try commit(temporary, to: path)
    }

    /// First half of `write`: the data durably in a temporary file next to `path` (returned).
    static func writeTemporary(_ bytes: [UInt8], for path: String, mode: mode_t) throws(LinkError) -> String {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UInt32.random(in: 0...UInt32.max)).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("create", temporary) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let error = failure("write", temporary)
                close(fd)
                unlink(temporary)
                throw error
            }
            offset += written
        }
        if fsync(fd) != 0 {
            let error = failure("fsync", temporary)
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        return temporary
    }

    /// Second half of `write`: renames the temporary file over `path` and makes the rename durable.
    static func commit(_ temporary: String, to path: String) throws(LinkError) {
        guard rename(temporary, path) == 0 else {
            let error = failure("rename", temporary)
            unlink(temporary)
            throw error
        }
        syncDirectory(of: path)
    }

    /// fsync of the directory holding `path`, so a rename or unlink there survives a power cut.
    static func syncDirectory(of path: String) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Deletes the `*.tmp` files a crash left in `directory`; returns how many.
    @discardableResult
    static func removeTemporaryFiles(in directory: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var removed = 0
        for name in names where name.hasSuffix(".tmp") {
            if unlink(directory + "/" + name) == 0 { removed += 1 }
        }
        return removed
    }

    /// The whole file, or an error naming it.
    static func read(_ path: String) throws(LinkError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .file("cannot read \(path)")
        }
        return [UInt8](data)
    }

    static func failure(_ call: String, _ path: String) -> LinkError {
        .file("\(call) \(path): \(String(cString: strerror(errno)))")
    }
}

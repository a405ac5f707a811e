import FleetCore
import Foundation
import Logging
import Synchronization

/// Uploads waiting for the gateway's confirmation, one file each under `spool/`.
///
/// A file counts as taken only once it is durable: written to a temporary file, fsynced, renamed to
/// its final name, directory fsynced (`AtomicFile`). It is deleted only after the gateway answered
/// 200. So after `kill -9` (or a power cut) at any point, every upload that `add` returned for is on
/// disk whole; a temporary file of an unfinished `add` is ignored and removed when the spool opens.
///
/// Names are `<sequence>-c<command id>-<upload key>.json`: the 16-digit sequence orders them oldest
/// first across restarts, and the command id (0 for none) lets the runner see which commands already
/// have their results here without reading the files.
///
/// Bounded: past `byteCap` bytes (files plus files being written), `add` refuses the new upload
/// (`LinkError.spoolFull`) instead of deleting older, unconfirmed ones; the caller logs it.
public final class Spool: Sendable {
    public static let defaultByteCap = 256 << 20

    /// One spooled upload.
    public struct Entry: Sendable, Hashable, Comparable {
        public let name: String
        public let sequence: UInt64
        /// The command whose completion the upload carries (nil: none).
        public let commandID: Int64?
        public let bytes: Int

        public static func < (lhs: Entry, rhs: Entry) -> Bool { lhs.sequence < rhs.sequence }
    }

    /// An upload written to its temporary file, not yet part of the spool (`add` = `stage` + `commit`).
    struct Staged {
        let temporaryPath: String
        let entry: Entry
    }

    public let directory: String
    public let byteCap: Int
    private let logger: Logger
    private struct State {
        var entries: [String: Entry] = [:]
        var nextSequence: UInt64 = 1
        /// Bytes of committed entries plus those being written.
        var usedBytes = 0
        /// Files set aside after the server refused them for good (still on disk, still counted).
        var quarantinedBytes = 0
    }
    private let state = Mutex(State())

    /// Opens (creating) the spool directory, removes leftover temporary files and indexes the rest.
    public init(directory: String, byteCap: Int = Spool.defaultByteCap,
                logger: Logger = Logger(label: "printercare-agent.spool")) throws(LinkError) {
        self.directory = directory
        self.byteCap = byteCap
        self.logger = logger
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .file("cannot create the spool \(directory): \(error.localizedDescription)")
        }
        let removed = AtomicFile.removeTemporaryFiles(in: directory)
        if removed > 0 { logger.notice("spool: removed \(removed) unfinished temporary file(s) left by a crash") }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var indexed = State()
        for name in names {
            let size = (try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as? Int) ?? 0
            if name.hasSuffix(".rejected") {
                indexed.quarantinedBytes += size
                continue
            }
            guard let entry = Self.parse(name, bytes: size) else { continue }
            indexed.entries[name] = entry
            indexed.usedBytes += size
            indexed.nextSequence = max(indexed.nextSequence, entry.sequence + 1)
        }
        indexed.usedBytes += indexed.quarantinedBytes
        state.withLock { $0 = indexed }
    }

    /// Makes `upload` durable in the spool and returns its entry; `.spoolFull` when over the cap.
    @discardableResult
    public func add(_ upload: AgentUpload) throws(LinkError) -> Entry {
        try commit(try stage(upload))
    }

    /// Every entry, oldest first.
    public func pending() -> [Entry] {
        state.withLock { $0.entries.values.sorted() }
    }

    /// Bytes in use (entries, files being written, quarantined files).
    public var usedBytes: Int { state.withLock { $0.usedBytes } }

    /// Whether an upload carrying the completion of `commandID` is waiting here.
    public func holdsCompletion(of commandID: Int64) -> Bool {
        state.withLock { $0.entries.values.contains { $0.commandID == commandID } }
    }

    /// The upload's JSON as stored (what is sent, byte for byte, on every retry).
    public func contents(of entry: Entry) throws(LinkError) -> [UInt8] {
        try AtomicFile.read(path(of: entry.name))
    }

    /// The upload, decoded.
    public func upload(of entry: Entry) throws(LinkError) -> AgentUpload {
        let bytes = try contents(of: entry)
        do { return try JSONDecoder().decode(AgentUpload.self, from: Data(bytes)) } catch {
            throw .invalidState("spool file \(entry.name): \(error)")
        }
    }

    /// Deletes a confirmed upload (call only after the gateway's 200).
    public func remove(_ entry: Entry) throws(LinkError) {
        let path = path(of: entry.name)
        guard unlink(path) == 0 || errno == ENOENT else { throw AtomicFile.failure("unlink", path) }
        AtomicFile.syncDirectory(of: path)
        state.withLock { state in
            if state.entries.removeValue(forKey: entry.name) != nil { state.usedBytes -= entry.bytes }
        }
    }

    /// Sets aside an upload the server refused for good (it would block the queue forever): renamed
    /// to `*.rejected`, kept on disk for an operator, still counted against the cap, never sent again.
    public func quarantine(_ entry: Entry, reason: String) {
        let path = path(of: entry.name)
        if rename(path, path + ".rejected") == 0 { AtomicFile.syncDirectory(of: path) }
        state.withLock { state in
            if state.entries.removeValue(forKey: entry.name) != nil { state.quarantinedBytes += entry.bytes }
        }
        logger.error("spool: upload \(entry.name) set aside as \(entry.name).rejected: \(reason)")
    }

    // MARK: the two halves of add

    /// Encodes and writes the upload to a temporary file, reserving its bytes against the cap.
    func stage(_ upload: AgentUpload) throws(LinkError) -> Staged {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes: [UInt8]
        do { bytes = [UInt8](try encoder.encode(upload)) } catch { throw .invalidState("encoding an upload: \(error)") }
        guard upload.uploadKey.utf8.allSatisfy({ Self.isNameByte($0) }), !upload.uploadKey.isEmpty else {
            throw .invalidState("upload key \(upload.uploadKey) is not a safe file name")
        }
        let commandID = upload.completedCommands.first?.commandID
        let reserved: UInt64? = state.withLock { state in
            guard state.usedBytes + bytes.count <= byteCap else { return nil }
            state.usedBytes += bytes.count
            defer { state.nextSequence += 1 }
            return state.nextSequence
        }
        guard let sequence = reserved else {
            throw .spoolFull(needed: bytes.count, used: usedBytes, cap: byteCap)
        }
        let name = Self.name(sequence: sequence, commandID: commandID, key: upload.uploadKey)
        let entry = Entry(name: name, sequence: sequence, commandID: commandID, bytes: bytes.count)
        do {
            let temporary = try AtomicFile.writeTemporary(bytes, for: path(of: name), mode: 0o600)
            return Staged(temporaryPath: temporary, entry: entry)
        } catch {
            release(entry.bytes)
            throw error
        }
    }

    /// Renames a staged upload into place: from here on it survives any crash.
    func commit(_ staged: Staged) throws(LinkError) -> Entry {
        do {
            try AtomicFile.commit(staged.temporaryPath, to: path(of: staged.entry.name))
        } catch {
            release(staged.entry.bytes)
            throw error
        }
        state.withLock { $0.entries[staged.entry.name] = staged.entry }
        return staged.entry
    }

    private func release(_ bytes: Int) {
        state.withLock { $0.usedBytes -= bytes }
    }

    func path(of name: String) -> String { directory + "/" + name }

    static func name(sequence: UInt64, commandID: Int64?, key: String) -> String {
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits + "-c\(commandID ?? 0)-\(key).json"
    }

    /// The entry a final file name stands for; nil for anything else (temporary, foreign files).
    static func parse(_ name: String, bytes: Int) -> Entry? {
        guard name.hasSuffix(".json"), !name.hasPrefix(".") else { return nil }
        let parts = name.dropLast(5).split(separator: "-", maxSplits: 2)
        guard parts.count == 3, parts[0].count == 16, let sequence = UInt64(parts[0]),
              parts[1].hasPrefix("c"), let command = Int64(parts[1].dropFirst()) else { return nil }
        return Entry(name: name, sequence: sequence, commandID: command == 0 ? nil : command, bytes: bytes)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 45 || byte == 95
    }
}

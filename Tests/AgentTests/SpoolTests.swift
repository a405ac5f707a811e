import FleetCore
import Foundation
import Testing
@testable import Agent

/// The on-disk spool: durable before it counts, oldest first, bounded, and clean after a crash.
@Suite struct SpoolTests {
    /// A fresh directory per test, removed afterwards.
    final class Directory {
        let path = NSTemporaryDirectory() + "spool-tests-" + UUID().uuidString
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var files: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
    }

    func upload(_ command: Int64?, readings: Int = 1, at date: Date = Date(timeIntervalSince1970: 1_790_000_000)) -> AgentUpload {
        let settings = SNMPSettings(community: "public", version: "2c", port: 161)
        let list = (0..<readings).map { index in
            UploadedReading(deviceID: Int64(index + 1), commandID: command, snmp: settings,
                            reading: Reading(address: "192.0.2.\(index + 1)", collectedAt: date))
        }
        return AgentUpload(uploadKey: UUID().uuidString.lowercased(), readings: list, unreachable: [7],
                           completedCommands: command.map { [CompletedCommand(commandID: $0, result: "ok")] } ?? [])
    }

    @Test func addsDurablyAndListsOldestFirstAcrossRestarts() throws {
        let directory = Directory()
        let first = try Spool(directory: directory.path)
        let a = upload(11), b = upload(12), c = upload(nil)
        try first.add(a)
        try first.add(b)
        // A restart in between: the sequence goes on where the files left it.
        let second = try Spool(directory: directory.path)
        try second.add(c)
        let pending = second.pending()
        #expect(pending.map(\.commandID) == [11, 12, nil])
        #expect(pending.map(\.sequence) == [1, 2, 3])
        #expect(try pending.map { try second.upload(of: $0) } == [a, b, c])
        #expect(second.holdsCompletion(of: 12))
        #expect(!second.holdsCompletion(of: 13))
        // Files are private (readings name devices) and nothing temporary is left.
        for name in directory.files {
            #expect(!name.hasSuffix(".tmp"))
            let mode = try FileManager.default.attributesOfItem(atPath: directory.path + "/" + name)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        try second.remove(pending[0])
        #expect(second.pending().map(\.commandID) == [12, nil])
        #expect(try Spool(directory: directory.path).pending().map(\.commandID) == [12, nil])
        #expect(!second.holdsCompletion(of: 11))
    }

    @Test func keepsTheOriginalCollectionTimeAndBytes() throws {
        let directory = Directory()
        let spool = try Spool(directory: directory.path)
        let collected = Date(timeIntervalSince1970: 1_700_000_000)
        let original = upload(5, readings: 3, at: collected)
        let entry = try spool.add(original)
        let stored = try spool.contents(of: entry)
        #expect(stored.count == entry.bytes)
        #expect(String(decoding: stored, as: UTF8.self).contains("\"collected_at\":\"2023-11-14T22:13:20Z\""))
        #expect(try spool.upload(of: entry).readings.map(\.reading.collectedAt) == [collected, collected, collected])
    }

    @Test func refusesNewUploadsAtTheCapAndDeletesNothing() throws {
        let directory = Directory()
        let size = try { () throws -> Int in
            let probe = Directory()
            return try Spool(directory: probe.path).add(upload(1)).bytes
        }()
        let spool = try Spool(directory: directory.path, byteCap: size * 3 + size / 2)
        for command in 1...3 { try spool.add(upload(Int64(command))) }
        var refused = false
        do { try spool.add(upload(4)) } catch {
            if case .spoolFull(_, let used, let cap) = error { refused = used == size * 3 && cap == spool.byteCap }
        }
        #expect(refused)
        #expect(spool.pending().map(\.commandID) == [1, 2, 3])
        #expect(directory.files.count == 3)
        // Confirming one makes room again.
        try spool.remove(spool.pending()[0])
        try spool.add(upload(4))
        #expect(spool.pending().map(\.commandID) == [2, 3, 4])
        // The cap holds across a restart too: the bytes on disk are counted when it opens.
        let reopened = try Spool(directory: directory.path, byteCap: size * 3 + size / 2)
        #expect(reopened.usedBytes == size * 3)
        #expect(throws: LinkError.self) { try reopened.add(upload(5)) }
    }

    @Test func aCrashBetweenWriteAndRenameLeavesNothingBehind() throws {
        let directory = Directory()
        let spool = try Spool(directory: directory.path)
        try spool.add(upload(1))
        // Written and fsynced, but the process "dies" before the rename: stage without commit.
        let staged = try spool.stage(upload(2))
        #expect(FileManager.default.fileExists(atPath: staged.temporaryPath))
        #expect(spool.pending().map(\.commandID) == [1])
        #expect(!spool.holdsCompletion(of: 2))
        // A torn temporary file of another kind of crash (half written) as well.
        try Data("{\"upload_key\": \"half".utf8).write(to: URL(fileURLWithPath: directory.path + "/.0000000000000009-c9-x.json.1.tmp"))
        let restarted = try Spool(directory: directory.path)
        #expect(restarted.pending().map(\.commandID) == [1])
        #expect(directory.files.allSatisfy { !$0.hasSuffix(".tmp") })
        #expect(directory.files.count == 1)
        // The next upload takes a sequence number after everything that ever was on disk.
        let next = try restarted.add(upload(3))
        #expect(next.sequence == 2)
    }

    @Test func aCommittedUploadSurvivesARestartWholeAndForeignFilesAreIgnored() throws {
        let directory = Directory()
        let spool = try Spool(directory: directory.path)
        let original = upload(8, readings: 40)
        let staged = try spool.stage(original)
        _ = try spool.commit(staged)
        try Data("not ours".utf8).write(to: URL(fileURLWithPath: directory.path + "/README"))
        let restarted = try Spool(directory: directory.path)
        #expect(restarted.pending().count == 1)
        #expect(try restarted.upload(of: restarted.pending()[0]) == original)
    }

    @Test func quarantinedUploadsLeaveTheQueueButStayOnDisk() throws {
        let directory = Directory()
        let spool = try Spool(directory: directory.path)
        let entry = try spool.add(upload(1))
        try spool.add(upload(2))
        spool.quarantine(entry, reason: "test")
        #expect(spool.pending().map(\.commandID) == [2])
        #expect(directory.files.contains(entry.name + ".rejected"))
        let restarted = try Spool(directory: directory.path)
        #expect(restarted.pending().map(\.commandID) == [2])
        #expect(restarted.usedBytes == spool.usedBytes)
    }

    @Test func fileNamesRoundTrip() {
        let name = Spool.name(sequence: 42, commandID: 9_000_000_001, key: "abc-def")
        #expect(name == "0000000000000042-c9000000001-abc-def.json")
        let entry = Spool.parse(name, bytes: 10)
        #expect(entry?.sequence == 42 && entry?.commandID == 9_000_000_001)
        #expect(Spool.parse(".0000000000000042-c1-k.json.5.tmp", bytes: 1) == nil)
        #expect(Spool.parse("0000000000000042-c0-k.json", bytes: 1)?.commandID == nil)
    }
}

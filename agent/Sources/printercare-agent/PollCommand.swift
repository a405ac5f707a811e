import Agent
import ArgumentParser
import FleetCore
import Foundation
import SNMP

/// `printercare-agent poll --targets FILE`: one reading of each device of a list, concurrently, from
/// one process and one UDP socket (what a status schedule does; the benchmark times it). With
/// `--rounds N` the list is read N times: round 1 fully, later rounds as repeat polls that keep each
/// device's last full view and fetch only what changes (`Poller.poll(_:remembering:now:)`).
struct PollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll", abstract: "Read every device listed in a file (lines: HOST[:PORT] [COMMUNITY]).")

    @Option(help: "File of targets, one per line: HOST[:PORT] [COMMUNITY]; # starts a comment") var targets: String
    @Option(name: .customLong("snmp-version"), help: "1 or 2c") var snmpVersion = "2c"
    @Option(help: "Devices read at once") var concurrency = 32
    @Option(help: "Times to read the list: round 1 fully, later rounds only what changes") var rounds = 1
    @Option(help: "Seconds from the start of one round to the start of the next") var interval = 0.0
    @Flag(help: "Print one reading per line as JSON (the only output format)") var json = false
    @OptionGroup var snmp: SNMPOptions

    func validate() throws {
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
        guard interval >= 0, interval.isFinite else { throw ValidationError("--interval must be 0 or more seconds") }
    }

    func run() async throws {
        let version: SNMPVersion = snmpVersion == "1" ? .v1 : .v2c
        let text: String
        do { text = try String(contentsOfFile: targets, encoding: .utf8) } catch {
            throw ValidationError("cannot read \(targets): \(error.localizedDescription)")
        }
        let list = try text.split(separator: "\n").compactMap { line -> SNMPTarget? in
            let fields = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0].split(separator: " ")
            guard let first = fields.first else { return nil }
            var host = String(first), port: UInt16 = 161
            if let colon = host.lastIndex(of: ":") {
                guard let parsed = UInt16(host[host.index(after: colon)...]) else { throw ValidationError("bad target \(line)") }
                port = parsed; host = String(host[..<colon])
            }
            let community = fields.count > 1 ? String(fields[1]) : snmp.community
            return SNMPTarget(host: host, port: port, community: community, version: version)
        }
        let client = try snmp.makeClient()
        defer { client.close() }
        let poller = Poller(client: client, drivers: try snmp.loadDrivers())
        var memories: [Int: DeviceMemory] = [:]
        var failures = 0
        let clock = ContinuousClock()
        for round in 1...rounds {
            let started = clock.now
            let before = client.statistics
            let outcome = await pollRound(list, poller: poller, memories: memories)
            memories.merge(outcome.memories) { _, new in new }
            failures += outcome.failures
            if snmp.stats {
                let elapsed = clock.now - started
                printError(Self.roundLine(round, client.statistics - before, readings: outcome.readings,
                                          failures: outcome.failures, elapsed: elapsed))
            }
            if round < rounds {
                let wait = Duration.seconds(interval) - (clock.now - started)
                if wait > .zero { try await Task.sleep(for: wait) }
            }
        }
        snmp.report(client)
        if failures > 0 { throw ExitCode(1) }
    }

    /// One reading of every target (at most `concurrency` at once), each with its memory from the
    /// round before; prints each reading as it comes and each failure to stderr.
    func pollRound(_ list: [SNMPTarget], poller: Poller,
                   memories: [Int: DeviceMemory]) async -> (memories: [Int: DeviceMemory], readings: Int, failures: Int) {
        var fresh: [Int: DeviceMemory] = [:]
        var readings = 0, failures = 0
        await withTaskGroup(of: (Int, Result<(Reading, DeviceMemory), SNMPError>).self) { group in
            var next = 0
            func launch() {
                guard next < list.count else { return }
                let index = next, previous = memories[index]
                next += 1
                group.addTask {
                    do throws(SNMPError) {
                        return (index, .success(try await poller.poll(list[index], remembering: previous, now: Date())))
                    } catch { return (index, .failure(error)) }
                }
            }
            for _ in 0..<min(max(1, concurrency), list.count) { launch() }
            for await (index, result) in group {
                switch result {
                case .success(let (reading, memory)):
                    readings += 1
                    fresh[index] = memory
                    if let line = try? jsonLine(reading) { print(line) }
                case .failure(let error):
                    failures += 1
                    let target = list[index]
                    printError("\(target.host):\(target.port) (\(target.community)): \(error)")
                }
                launch()
            }
        }
        return (fresh, readings, failures)
    }

    /// `round N: sent … received …; <the stats line's fields>`: one round's traffic (the benchmark
    /// parses the fields after ";" as it parses the final `stats:` line).
    static func roundLine(_ round: Int, _ s: SNMPStatistics, readings: Int, failures: Int, elapsed: Duration) -> String {
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        return "round \(round): sent \(s.bytesSent) bytes in \(s.requestsSent + s.retransmissions) datagrams, "
            + "received \(s.bytesReceived) bytes in \(s.responses + s.dropped) datagrams, \(readings) readings, "
            + "\(failures) failed, \(milliseconds) ms; bytes_sent=\(s.bytesSent) bytes_received=\(s.bytesReceived) "
            + "requests=\(s.requestsSent) retransmissions=\(s.retransmissions) timeouts=\(s.timeouts) "
            + "responses=\(s.responses) fragments=\(s.fragments) readings=\(readings) ms=\(milliseconds)"
    }
}

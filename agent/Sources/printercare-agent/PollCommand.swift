import Agent
import ArgumentParser
import FleetCore
import Foundation
import SNMP

/// `printercare-agent poll --targets FILE`: one reading of each device of a list, concurrently, from
/// one process and one UDP socket (what a status schedule does; the benchmark times it).
struct PollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll", abstract: "Read every device listed in a file (lines: HOST[:PORT] [COMMUNITY]).")

    @Option(help: "File of targets, one per line: HOST[:PORT] [COMMUNITY]; # starts a comment") var targets: String
    @Option(name: .customLong("snmp-version"), help: "1 or 2c") var snmpVersion = "2c"
    @Option(help: "Devices read at once") var concurrency = 32
    @Flag(help: "Print one reading per line as JSON (the only output format)") var json = false
    @OptionGroup var snmp: SNMPOptions

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
        var failures = 0
        await withTaskGroup(of: (SNMPTarget, Result<Reading, SNMPError>).self) { group in
            var next = 0
            func launch() {
                guard next < list.count else { return }
                let target = list[next]
                next += 1
                group.addTask {
                    do throws(SNMPError) {
                        return (target, .success(try await poller.read(target)))
                    } catch { return (target, .failure(error)) }
                }
            }
            for _ in 0..<min(max(1, concurrency), list.count) { launch() }
            for await (target, result) in group {
                switch result {
                case .success(let reading):
                    if let line = try? jsonLine(reading) { print(line) }
                case .failure(let error):
                    failures += 1
                    printError("\(target.host):\(target.port) (\(target.community)): \(error)")
                }
                launch()
            }
        }
        snmp.report(client)
        if failures > 0 { throw ExitCode(1) }
    }
}

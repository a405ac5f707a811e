import Agent
import ArgumentParser
import FleetCore
import Foundation
import Logging
import SNMP

/// Options shared by the SNMP commands.
struct SNMPOptions: ParsableArguments {
    @Option(help: "SNMP community") var community = "public"
    @Option(help: "Seconds to wait for an answer before the one retry") var timeout = 1.0
    @Option(help: "Directory of driver JSON files (default: built-in drivers)") var drivers: String?
    @Flag(help: "Print bytes sent/received and requests to stderr") var stats = false
    @Option(name: .customLong("max-repetitions"), help: "GetBulk max-repetitions per request (v2c)") var maxRepetitions: Int?

    /// A client on an ephemeral UDP port, logging warnings and worse to stderr.
    func makeClient(retries: Int = 1) throws -> SNMPClient {
        var options = SNMPClientOptions()
        options.timeout = .milliseconds(Int(timeout * 1000))
        options.retries = retries
        if let maxRepetitions { options.maxRepetitions = max(1, maxRepetitions) }
        var logger = Logger(label: "printercare-agent")
        logger.logLevel = .warning
        do { return try SNMPClient(options: options, logger: logger) } catch {
            printError("cannot open an SNMP socket: \(error)")
            throw ExitCode(2)
        }
    }

    func loadDrivers() throws -> DriverSet {
        guard let drivers else { return .builtin }
        do { return try DriverSet.load(directory: URL(fileURLWithPath: drivers)) } catch {
            printError("cannot load drivers from \(drivers): \(error)")
            throw ExitCode(2)
        }
    }

    /// One line of traffic figures on stderr (the benchmark parses it); `extra` is the traffic of
    /// other sockets of the same task (a discovery's broadcast probe).
    func report(_ client: SNMPClient, plus extra: SNMPStatistics = .init()) {
        guard stats else { return }
        let s = client.statistics + extra
        printError("stats: bytes_sent=\(s.bytesSent) bytes_received=\(s.bytesReceived) requests=\(s.requestsSent) "
                   + "retransmissions=\(s.retransmissions) timeouts=\(s.timeouts) responses=\(s.responses) fragments=\(s.fragments)")
    }
}

/// Encodes with snake_case keys as the models define them, one object per line.
func jsonLine<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// `printercare-agent probe HOST[:PORT]`: one full reading of one device.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "probe", abstract: "Poll one device once and print its reading.")

    @Argument(help: "HOST or HOST:PORT (IPv4)") var host: String
    @Option(name: .customLong("snmp-version"), help: "1 or 2c") var snmpVersion = "2c"
    @Flag(help: "Print the reading as JSON (the only output format)") var json = false
    @OptionGroup var snmp: SNMPOptions

    func run() async throws {
        let version: SNMPVersion
        switch snmpVersion {
        case "1": version = .v1
        case "2c", "2": version = .v2c
        default: throw ValidationError("--snmp-version must be 1 or 2c")
        }
        var address = host
        var port: UInt16 = 161
        if let colon = host.lastIndex(of: ":") {
            guard let parsed = UInt16(host[host.index(after: colon)...]) else { throw ValidationError("bad port in \(host)") }
            address = String(host[..<colon]); port = parsed
        }
        let drivers = try snmp.loadDrivers()
        let client = try snmp.makeClient()
        defer { client.close() }
        let target = SNMPTarget(host: address, port: port, community: snmp.community, version: version)
        let reading: Reading
        do { reading = try await Poller(client: client, drivers: drivers).read(target) } catch {
            snmp.report(client)
            switch error {
            case .timeout: printError("\(address):\(port) did not answer SNMP \(snmpVersion) with community \"\(snmp.community)\"")
            default: printError("\(address):\(port): \(error)")
            }
            throw ExitCode(1)
        }
        print(try jsonLine(reading))
        snmp.report(client)
    }
}

/// `printercare-agent discover RANGE`: scans a range once and prints each printer found.
struct DiscoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "discover",
                                                    abstract: "Scan a CIDR block or first-last range for printers.")

    @Argument(help: "CIDR block (192.0.2.0/24) or first-last range (192.0.2.10-192.0.2.50)") var range: String
    @Option(help: "UDP port") var port: UInt16 = 161
    @Option(help: "Addresses to leave out (repeatable)") var exclude: [String] = []
    @Option(help: "Addresses probed at once") var concurrency = 128
    @Option(help: """
        auto: one broadcast request when the range is exactly a directly attached subnet, else sweep; \
        broadcast: to the attached subnet holding the range; sweep: one request per address
        """) var mode: DiscoveryMode = .auto
    @Flag(help: "Print one JSON object per printer per line (the only output format)") var json = false
    @OptionGroup var snmp: SNMPOptions

    func run() async throws {
        let excluded = try exclude.map { text in
            guard let address = IPv4Address(text) else { throw ValidationError("not an IPv4 address: \(text)") }
            return address
        }
        let parsed: AddressRange
        do { parsed = try AddressRange(range, excluding: excluded) } catch { throw ValidationError("\(error)") }
        let drivers = try snmp.loadDrivers()
        let client = try snmp.makeClient()
        defer { client.close() }
        var discoverer = Discoverer(client: client, drivers: drivers, concurrency: concurrency, mode: mode)
        // The broadcast's answers are collected for --timeout after its last send.
        discoverer.broadcastOptions.wait = .milliseconds(Int(snmp.timeout * 1000))
        let report: DiscoveryReport
        do { report = try await discoverer.run(parsed, port: port, community: snmp.community) } catch {
            printError("discover \(range): \(error)")
            throw ExitCode(2)
        }
        for printer in report.printers {
            print(try jsonLine(printer))
        }
        if snmp.stats {
            let via = report.interface.map { " interface=\($0.name) broadcast=\(NetworkInterface.dotted($0.broadcast ?? 0))" } ?? ""
            let b = report.broadcastStatistics
            printError("discover: method=\(report.method.rawValue)\(via)"
                       + (report.method == .broadcast ? " broadcast_bytes_sent=\(b.bytesSent) broadcast_bytes_received=\(b.bytesReceived) "
                          + "broadcast_answers=\(b.responses) broadcast_dropped=\(b.dropped)" : ""))
        }
        snmp.report(client, plus: report.broadcastStatistics)
    }
}

extension DiscoveryMode: ExpressibleByArgument {}

import Agent
import ArgumentParser
import Foundation

/// `printercare-agent ping HOST`: ICMP echo reachability and latency.
struct PingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ping", abstract: "ICMP echo: reachability and latency.")

    @Argument(help: "IPv4 address") var host: String
    @Option(help: "Echo requests to send") var count = 3
    @Option(help: "Seconds to wait for each reply") var timeout = 1.0

    func run() throws {
        let pinger: Pinger
        do { pinger = try Pinger() } catch {
            printError("ping: \(error)")
            throw ExitCode(2)
        }
        defer { pinger.close() }
        var times: [Double] = []
        for sequence in 1...max(1, count) {
            do {
                if case .reply(let rtt) = try pinger.ping(host, sequence: UInt16(truncatingIfNeeded: sequence), timeout: timeout) {
                    times.append(rtt)
                }
            } catch {
                printError("ping: \(error)")
                throw ExitCode(2)
            }
        }
        guard !times.isEmpty else {
            print("\(host) is unreachable (0/\(count) replies)")
            throw ExitCode(1)
        }
        let average = times.reduce(0, +) / Double(times.count) * 1000
        print("\(host) is reachable: \(times.count)/\(count) replies, average \(String(format: "%.3f", average)) ms "
              + "(\(pinger.unprivileged ? "unprivileged" : "raw") ICMP socket)")
    }
}

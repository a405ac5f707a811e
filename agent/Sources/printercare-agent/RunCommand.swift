import Agent
import ArgumentParser
import Foundation
import Logging

/// `printercare-agent run`: connects to the gateway and does what the server asks, until killed.
/// Results wait in the spool (under the state directory) until the gateway confirmed them, so a
/// `kill -9` or a gateway outage loses nothing.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Connect to the gateway and run the server's commands (the service's main loop).")

    @Option(name: .customLong("state-dir"), help: "State directory (default: $PRINTERCARE_AGENT_STATE or /var/lib/printercare-agent)")
    var stateDir: String?
    @Option(name: .customLong("spool-cap-mb"), help: "Disk the spool may use, in MiB; beyond it new results are refused")
    var spoolCapMB = 256
    @Option(name: .customLong("poll-wait"), help: "Seconds a long poll waits for a command (at most 30)")
    var pollWait = 25
    @Option(name: .customLong("max-backoff"), help: "Longest wait between reconnect attempts, in seconds")
    var maxBackoff = 60.0
    @Option(name: .customLong("rejected-retry"), help: "Seconds between attempts once the gateway refused the certificate")
    var rejectedRetry = 300.0
    @Option(help: "SNMP: seconds to wait for an answer before the one retry") var timeout = 1.0

    func run() async throws {
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var options = AgentRunner.Options(stateDirectory: stateDir ?? AgentState.defaultDirectory())
        options.spoolByteCap = max(1, spoolCapMB) << 20
        options.pollWait = min(max(pollWait, 1), 30)
        options.maximumBackoff = max(1, maxBackoff)
        options.rejectedRetryInterval = max(1, rejectedRetry)
        options.snmpTimeout = timeout
        var logger = Logger(label: "printercare-agent")
        logger.logLevel = level
        let runner: AgentRunner
        do { runner = try AgentRunner(options: options, logger: logger) } catch {
            printError("run: \(error)")
            throw ExitCode(error.isTransient ? 1 : 2)
        }
        await runner.run()
    }
}

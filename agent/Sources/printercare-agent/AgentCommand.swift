import Agent
import ArgumentParser
import Foundation

/// `printercare-agent`: the monitor agent that runs inside a customer's network.
@main
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "printercare-agent",
        abstract: "PrinterCare monitor agent: discovers and polls printers, reports to the gateway.",
        version: Agent.version,
        subcommands: [ProbeCommand.self, PollCommand.self, DiscoverCommand.self, PingCommand.self, EnrollCommand.self, RunCommand.self])
}

/// Prints a message to stderr (results go to stdout, diagnostics never do).
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}


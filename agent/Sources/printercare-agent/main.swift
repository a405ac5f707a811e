import Agent
import ArgumentParser

/// `printercare-agent`: the monitor agent that runs inside a customer's network.
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "printercare-agent",
        abstract: "PrinterCare monitor agent: discovers and polls printers, reports to the gateway.",
        version: Agent.version)
}

AgentCommand.main()

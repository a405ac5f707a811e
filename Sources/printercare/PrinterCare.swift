import ArgumentParser
import FleetCore

/// `printercare`: the CareCloud server's command line.
@main
struct PrinterCare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "printercare",
        abstract: "PrinterCare CareCloud server: web interface, REST API and agent gateway.",
        version: FleetCore.version,
        subcommands: [Serve.self, Migrate.self, TokensCommand.self])
}

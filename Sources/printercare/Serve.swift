import ArgumentParser
import Dispatch
import Foundation
import HTTPServer
import Logging
import AgentGateway
import FleetCore
import Store

/// `printercare serve`: web interface and REST API on HTTP and HTTPS, agent gateway (mTLS) on its own port.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the server.")

    @Option(help: "Port for the web interface and REST API over plain HTTP.")
    var httpPort = 8080

    @Option(help: "Port for the web interface and REST API over HTTPS.")
    var httpsPort = 8443

    @Option(help: "Port of the agent gateway (mutual TLS only).")
    var gatewayPort = 8444

    @Option(help: "Directory for certificates and, without DATABASE_URL, the embedded PostgreSQL cluster.")
    var dataDir = "./var"

    @Option(help: "Address to listen on.")
    var host = "0.0.0.0"

    @Option(help: "Directory of static files (default: Public/ next to the working directory or the executable).")
    var publicDir: String?

    @Option(help: "Event loop threads (default: one per core).")
    var loops: Int?

    @Option(help: "Seconds to let in-flight requests finish on SIGTERM/SIGINT.")
    var shutdownGrace = 10

    @Option(help: "A host name agents use to reach the gateway (repeatable; the certificate names it).")
    var gatewayHostname: [String] = []

    @Option(help: "Directory of driver files (*.json) newer than the built-in drivers; agents receive them.")
    var drivers: String?

    @Flag(help: "Apply pending database migrations before serving (the embedded database always does).")
    var migrate = false

    func run() throws {
        // Block the termination signals before any thread exists, so every thread inherits the mask and
        // the main thread alone receives them through sigwait.
        Server.blockTerminationSignals()
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "printercare")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info

        let dataDirectory = URL(fileURLWithPath: dataDir).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let staticFiles = try StaticFiles(directory: publicDirectory())
        let tls = TLSSetup(dataDirectory: dataDirectory)

        let setup = DatabaseSetup(dataDirectory: dataDirectory, logger: logger)
        let opened = try setup.open()
        let migrate = self.migrate
        let secret = try ServerSecret.load(dataDirectory: dataDirectory)
        let authority: AgentAuthority
        do {
            authority = try runBlocking {
                try await setup.prepareSchema(opened, migrate: migrate)
                try await setup.bootstrap(opened.database)
                return try await AgentAuthority.load(database: opened.database, secret: secret)
            }
        } catch {
            opened.close()
            throw error
        }
        defer { opened.close() }

        let gateway = GatewayContext(database: opened.database, authority: authority, logger: Logger(label: "printercare.gateway"),
                                     drivers: try driverSet())
        try runBlocking { await gateway.revocations.refresh() }
        let listener = NotificationListener(database: opened.database, channels: [CommandStore.channel, "agent_revoked"]) { channel, payload in
            gateway.handleNotification(channel: channel, payload: payload)
        }
        defer { listener.stop() }
        let metrics = Metrics(database: opened.database, gateway: gateway)
        let web = try WebRoutes.router(staticFiles: staticFiles, database: opened.database, gateway: gateway, metrics: metrics)
        let revocations = gateway.revocations
        let gatewayTLS = try tls.gatewayContext(authority: authority, hostnames: gatewayHostnames()) { peer in
            revocations.contains(peer.serialNumberHex)
        }
        let server = Server(listeners: [
            ListenerConfiguration(name: "http", host: host, port: httpPort, router: web),
            ListenerConfiguration(name: "https", host: host, port: httpsPort, tls: try tls.webContext(), router: web),
            ListenerConfiguration(name: "gateway", host: host, port: gatewayPort, tls: gatewayTLS,
                                  router: AgentGateway.router(context: gateway)),
        ], loopCount: loops, logger: logger)
        metrics.attach(server)
        try server.start()
        let ports = server.ports
        gateway.gatewayPort = ports[2]
        let background = BackgroundWork(database: opened.database, gateway: gateway, logger: logger)
        defer { background.stop() }
        logger.info("printercare serving", metadata: ["http": "\(ports[0])", "https": "\(ports[1])", "gateway": "\(ports[2])",
                                                      "data-dir": "\(dataDirectory)"])
        // Written unbuffered: scripts and tests wait for this line to know the ports.
        FileHandle.standardOutput.write(Data("printercare: http=\(ports[0]) https=\(ports[1]) gateway=\(ports[2]) data-dir=\(dataDirectory)\n".utf8))

        let signal = Server.waitForTerminationSignal()
        logger.info("signal \(signal): shutting down")
        let done = DispatchSemaphore(value: 0)
        let grace = Duration.seconds(shutdownGrace)
        Task {
            await server.shutdown(grace: grace)
            done.signal()
        }
        done.wait()
        logger.info("stopped")
    }

    /// `--drivers DIR` when it holds a valid set newer than the built-in one, else the built-in set.
    private func driverSet() throws -> DriverSet {
        guard let drivers else { return .builtin }
        let loaded = try DriverSet.load(directory: URL(fileURLWithPath: drivers))
        return loaded.newer(than: .builtin) ? loaded : .builtin
    }

    /// Names the gateway certificate is valid for: `--gateway-hostname` values, the host, and loopback.
    private func gatewayHostnames() -> [String] {
        var names = gatewayHostname + ["localhost", "127.0.0.1"]
        if host != "0.0.0.0" && !names.contains(host) { names.append(host) }
        if let name = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init), !name.isEmpty, !names.contains(name) {
            names.append(name)
        }
        return names
    }

    /// `--public-dir`, else `Public/` in the working directory, else the one above the build folder.
    private func publicDirectory() throws -> String {
        if let publicDir { return publicDir }
        let manager = FileManager.default
        let cwd = manager.currentDirectoryPath + "/Public"
        if manager.fileExists(atPath: cwd) { return cwd }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = folder.appendingPathComponent("Public").path
            if manager.fileExists(atPath: candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        throw ValidationError("no Public/ directory found; pass --public-dir")
    }
}

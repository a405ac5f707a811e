import FleetCore
import Foundation
import HTTPServer
import Logging
import SNMP
import Synchronization

/// `printercare-agent run`: keeps the gateway connection, runs what it is asked, and delivers every
/// result through the spool.
///
/// Two sides. The **link thread** (blocking `GatewayClient`, one keep-alive mTLS connection) loops:
/// send every spooled upload oldest first (deleting each only after its 200), then long-poll for
/// commands (`wait` = `pollWait`, or `busyPollWait` while commands run or uploads wait, so results
/// leave within about a second), then hand new commands over. Unreachable gateway: exponential
/// backoff with jitter (`minimumBackoff` … `maximumBackoff`); certificate refused (401/403, TLS):
/// a clear error and a retry every `rejectedRetryInterval`. **Commands** run as tasks on SNMP's async
/// client; each one's readings plus its completion become ONE upload, made durable in the spool
/// before the command stops counting as running, so a command the gateway sends again (it does after
/// every reconnect) never runs twice while it runs or waits in the spool.
public final class AgentRunner: Sendable {
    public struct Options: Sendable {
        public var stateDirectory: String
        public var spoolByteCap = Spool.defaultByteCap
        /// Long-poll wait while idle (seconds, the gateway allows 30 at most).
        public var pollWait = 25
        /// Long-poll wait while commands run or uploads wait.
        public var busyPollWait = 1
        public var minimumBackoff: Double = 1
        public var maximumBackoff: Double = 60
        /// Delay between attempts after the gateway refused our certificate.
        public var rejectedRetryInterval: Double = 300
        /// How often the certificate's remaining lifetime is checked (seconds).
        public var renewalCheckInterval: Double = 600
        /// SNMP: seconds before the one retry.
        public var snmpTimeout: Double = 1
        public var snmpRetries = 1
        /// Devices read at once by one status command.
        public var deviceConcurrency = 32
        public var drivers: DriverSet = .builtin

        public init(stateDirectory: String) {
            self.stateDirectory = stateDirectory
        }
    }

    public let options: Options
    public let state: AgentState
    public let server: ServerInfo
    public let spool: Spool
    let logger: Logger
    let snmp: SNMPClient
    private struct Shared {
        var drivers: DriverSet
        var running: Set<Int64> = []
        /// What running discoveries have got to, sent with the next command poll.
        var progress: [Int64: CommandProgress] = [:]
        var progressChanged = false
        var stopped = false
        var linkFinished = false
    }
    private let shared: Mutex<Shared>

    /// How often the gateway is asked for newer drivers (also at every new connection).
    static let driversCheckInterval: TimeInterval = 6 * 3600

    /// The drivers commands use now: the newest of the configured set and one received from the server.
    public var drivers: DriverSet { shared.withLock { $0.drivers } }

    /// Where drivers received from the server are kept, so a restart keeps using them.
    var driversPath: String { options.stateDirectory + "/drivers.json" }

    /// Loads the enrolment and opens the spool; throws `.notEnrolled` before `enroll` ran.
    public init(options: Options, logger: Logger = Logger(label: "printercare-agent")) throws(LinkError) {
        self.options = options
        self.logger = logger
        state = AgentState(directory: options.stateDirectory)
        try state.prepare()
        server = try state.checkEnrolled()
        spool = try Spool(directory: state.spoolPath, byteCap: options.spoolByteCap, logger: logger)
        var drivers = options.drivers
        if let bytes = try? AtomicFile.read(options.stateDirectory + "/drivers.json"),
           let received = try? DriverSet.decode(Data(bytes)), received.newer(than: drivers) {
            drivers = received
        }
        shared = Mutex(Shared(drivers: drivers))
        var snmpOptions = SNMPClientOptions()
        snmpOptions.timeout = .milliseconds(Int(options.snmpTimeout * 1000))
        snmpOptions.retries = options.snmpRetries
        var snmpLogger = logger
        snmpLogger.logLevel = max(logger.logLevel, .warning)
        do { snmp = try SNMPClient(options: snmpOptions, logger: snmpLogger) } catch {
            throw .file("cannot open an SNMP socket: \(error)")
        }
    }

    /// Runs until `stop()`: starts the link thread and waits.
    public func run() async {
        let certificate = try? state.certificate()
        let message: String = "agent \(server.agentID) of organization \(server.organizationID) starting; gateway \(server.host):\(server.gatewayPort); "
                    + "\(spool.pending().count) upload(s) in the spool"
                    + (certificate.map { "; certificate valid until \(Date(timeIntervalSince1970: TimeInterval($0.notAfter)))" } ?? "")
        logger.info("\(message)")
        let thread = Thread { [self] in
            linkLoop()
            shared.withLock { $0.linkFinished = true }
        }
        thread.name = "gateway-link"
        thread.start()
        while !shared.withLock({ $0.stopped && $0.linkFinished }) {
            try? await Task.sleep(for: .milliseconds(100))
        }
        snmp.close()
    }

    /// Asks the runner to stop; the link thread ends after its current request.
    public func stop() { shared.withLock { $0.stopped = true } }

    var isStopped: Bool { shared.withLock { $0.stopped } }

    /// Commands running now.
    public var runningCommands: Set<Int64> { shared.withLock { $0.running } }

    /// Marks `id` running; false when it already was.
    func startRunning(_ id: Int64) -> Bool { shared.withLock { $0.running.insert(id).inserted } }

    func finishRunning(_ id: Int64) {
        shared.withLock {
            $0.running.remove(id)
            $0.progress[id] = nil
        }
    }

    /// Notes how far command `progress.commandID` has got; the next poll carries it.
    func report(_ progress: CommandProgress) {
        shared.withLock {
            if $0.progress[progress.commandID] != progress { $0.progressChanged = true }
            $0.progress[progress.commandID] = progress
        }
    }

    /// The progress to send with a poll (`nil` when nothing changed since the last one).
    private func takeProgress() -> String? {
        shared.withLock {
            guard $0.progressChanged else { return nil }
            $0.progressChanged = false
            return $0.progress.values.sorted { $0.commandID < $1.commandID }.map(\.queryText).joined(separator: ",")
        }
    }

    // MARK: the link thread

    private func linkLoop() {
        let gateway = GatewayClient(state: state, server: server)
        var backoff = Backoff(minimum: options.minimumBackoff, maximum: options.maximumBackoff)
        var lastSeen: Int64 = 0
        var nextRenewalCheck = Date.distantPast
        var nextDriversCheck = Date.distantPast
        var connected = false
        while !isStopped {
            do throws(LinkError) {
                if Date() >= nextRenewalCheck {
                    nextRenewalCheck = Date().addingTimeInterval(options.renewalCheckInterval)
                    try renewIfDue(gateway)
                }
                try sendSpool(gateway)
                if isStopped { break }
                let busy = !runningCommands.isEmpty || !spool.pending().isEmpty
                // A fresh connection asks for everything not completed (after=0): the gateway sends
                // again what it sent before a disconnect, and dispatch skips what is already handled.
                let after = gateway.isConnected ? lastSeen : 0
                let commands = try gateway.commands(after: after, wait: busy ? options.busyPollWait : options.pollWait,
                                                    progress: takeProgress())
                if !connected {
                    logger.info("connected to the gateway \(server.host):\(server.gatewayPort)")
                    connected = true
                    nextDriversCheck = .distantPast
                }
                if Date() >= nextDriversCheck {
                    nextDriversCheck = Date().addingTimeInterval(Self.driversCheckInterval)
                    updateDrivers(gateway)
                }
                backoff.reset()
                for command in commands {
                    lastSeen = max(lastSeen, command.commandID)
                    dispatch(command)
                }
            } catch {
                connected = false
                gateway.close()
                let delay: Double
                switch error {
                case .rejected:
                    delay = options.rejectedRetryInterval
                    let message: String = "the gateway refuses this agent's certificate (revoked, expired or from another CA): \(error); "
                                 + "retrying in \(Int(delay)) s; re-enrol if it was revoked"
                    logger.error("\(message)")
                case .notEnrolled, .invalidState, .file:
                    delay = options.rejectedRetryInterval
                    logger.error("\(error); retrying in \(Int(delay)) s")
                default:
                    delay = backoff.next()
                    logger.warning("gateway \(server.host):\(server.gatewayPort) unreachable: \(error); retrying in \(String(format: "%.1f", delay)) s")
                }
                sleep(seconds: delay)
            }
        }
        gateway.close()
    }

    /// Takes the server's drivers when they are newer than ours, and keeps them in the state directory.
    /// A failure here is logged and changes nothing: the drivers in use stay.
    private func updateDrivers(_ gateway: GatewayClient) {
        let current = drivers
        do throws(LinkError) {
            guard let offered = try gateway.drivers(holding: current.version), offered.newer(than: current) else { return }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            if let bytes = try? encoder.encode(offered) { try AtomicFile.write(Array(bytes), to: driversPath) }
            shared.withLock { $0.drivers = offered }
            logger.info("drivers updated from the server: \(current.version) → \(offered.version)")
        } catch {
            logger.warning("could not fetch drivers from the gateway: \(error)")
        }
    }

    /// Sleeps in short slices so that `stop()` is noticed.
    private func sleep(seconds: Double) {
        let end = Date().addingTimeInterval(seconds)
        while !isStopped, Date() < end {
            Thread.sleep(forTimeInterval: min(0.1, max(0, end.timeIntervalSinceNow)))
        }
    }

    /// Sends every spooled upload, oldest first; each is deleted only after the gateway's 200.
    private func sendSpool(_ gateway: GatewayClient) throws(LinkError) {
        for entry in spool.pending() {
            if isStopped { return }
            let json: [UInt8]
            do { json = try spool.contents(of: entry) } catch {
                spool.quarantine(entry, reason: "unreadable: \(error)")
                continue
            }
            do {
                let receipt = try gateway.upload(json: json)
                do { try spool.remove(entry) } catch {
                    // Sent again later; the gateway stores each upload key once.
                    logger.error("cannot delete the confirmed upload \(entry.name): \(error)")
                }
                let message: String = "upload \(entry.name) confirmed: \(receipt.readingsStored) reading(s) stored, "
                            + "\(receipt.devicesCreated) device(s) created, \(receipt.rejected) rejected"
                            + (receipt.duplicate ? " (a duplicate: stored before)" : "")
                logger.info("\(message)")
            } catch {
                if case .server(let status, _, _) = error, (400..<500).contains(status), !error.isTransient {
                    // Refused for good: it would block every later upload.
                    spool.quarantine(entry, reason: "the gateway refused it: \(error)")
                    continue
                }
                if case .badResponse = error {
                    spool.quarantine(entry, reason: "\(error)")
                    continue
                }
                throw error
            }
        }
    }

    // MARK: certificate renewal

    /// Renews the certificate (same key, new CSR) once less than a third of its lifetime remains.
    private func renewIfDue(_ gateway: GatewayClient) throws(LinkError) {
        let certificate = try state.certificate()
        let now = Int64(Date().timeIntervalSince1970)
        let lifetime = certificate.notAfter - certificate.notBefore
        guard certificate.notAfter - now < lifetime / 3 else { return }
        if certificate.notAfter <= now {
            let message: String = "the agent certificate expired at \(Date(timeIntervalSince1970: TimeInterval(certificate.notAfter))); "
                         + "the gateway will refuse it: enrol again"
            logger.error("\(message)")
        }
        let csr: String
        do { csr = try CertificateFactory.makeCSR(keyPEM: try state.readKey(), commonName: certificate.commonName ?? "printercare-agent") } catch {
            throw .invalidState("cannot make a renewal CSR: \(error)")
        }
        let renewed = try gateway.renewCertificate(csrPEM: csr)
        let parsed: PeerCertificate
        do { parsed = try PeerCertificate(pem: renewed) } catch { throw .badResponse("renewed certificate: \(error)") }
        try state.saveCertificate(renewed)
        // The next connection presents the new certificate.
        gateway.close()
        logger.info("certificate renewed: valid until \(Date(timeIntervalSince1970: TimeInterval(parsed.notAfter)))")
    }
}

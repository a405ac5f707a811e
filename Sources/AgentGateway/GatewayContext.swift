import FleetCore
import Foundation
import HTTPServer
import Logging
import Store
import Synchronization

/// What the gateway's handlers (and the enrolment endpoint on the web port) share.
public final class GatewayContext: Sendable {
    public let database: Database
    public let authority: AgentAuthority
    public let notifier: CommandNotifier
    public let revocations: RevocationList
    public let counters = GatewayCounters()
    let logger: Logger
    let agents: AgentStore
    let commands: CommandStore
    let devices: DeviceStore
    /// The drivers agents are given (`GET /agent/v1/drivers`), and their JSON, encoded once.
    public let drivers: DriverSet
    let driversJSON: [UInt8]
    /// The gateway's port as bound (known only after the listeners started; told to enrolling agents).
    private let boundPort = Mutex<Int>(0)

    public init(database: Database, authority: AgentAuthority, logger: Logger, drivers: DriverSet = .builtin) {
        self.database = database
        self.drivers = drivers
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        driversJSON = (try? encoder.encode(drivers)).map(Array.init) ?? []
        self.authority = authority
        self.logger = logger
        notifier = CommandNotifier()
        revocations = RevocationList(database: database)
        agents = AgentStore(database: database)
        commands = CommandStore(database: database)
        devices = DeviceStore(database: database)
    }

    public var gatewayPort: Int {
        get { boundPort.withLock { $0 } }
        set { boundPort.withLock { $0 = newValue } }
    }

    /// Turns a database notification into wake-ups: a queued command wakes its agent's long poll; a
    /// revocation refreshes the handshake list and wakes the agent so its poll answers 403 and closes.
    public func handleNotification(channel: String, payload: String) {
        switch channel {
        case CommandStore.channel:
            if let id = Int64(payload) { notifier.signal(id) }
        case "agent_revoked":
            Task { await revocations.refresh() }
            if let id = Int64(payload) { notifier.signal(id) }
        default:
            // "" after a reconnect: anything may have been missed.
            Task { await revocations.refresh() }
            notifier.signalAll()
        }
    }
}

import FleetCore
import Logging
import Synchronization

/// Counters of a trap receiver.
public struct SNMPTrapStatistics: Sendable, Equatable {
    /// Notifications handed to the handler.
    public var received = 0
    /// Datagrams that were not a well-formed v1/v2c notification.
    public var dropped = 0
    public var informsAnswered = 0
    public init() {}
}

/// Listens for v1 Traps and v2c SNMPv2-Traps and InformRequests on a UDP port (162 by default; 0
/// picks a free port, for tests), answers each Inform with its Response, and hands every
/// notification to `handler` on the receiver's own thread (keep the handler short). Malformed
/// datagrams are dropped with a debug line and counted.
public final class SNMPTrapReceiver: Sendable {
    /// What the receive thread shares with the owner; the thread keeps only this alive.
    final class Core: Sendable {
        let socket: UDPSocket
        let logger: Logger
        let handler: @Sendable (SNMPTrap) -> Void
        let closed = Atomic<Bool>(false)
        let statistics = Mutex(SNMPTrapStatistics())

        init(socket: UDPSocket, logger: Logger, handler: @escaping @Sendable (SNMPTrap) -> Void) {
            self.socket = socket
            self.logger = logger
            self.handler = handler
        }
    }

    private let core: Core

    /// The port actually bound.
    public var port: UInt16 { core.socket.localAddress.port }
    public var statistics: SNMPTrapStatistics { core.statistics.withLock { $0 } }

    public init(host: String = "0.0.0.0", port: UInt16 = 162, logger: Logger,
                handler: @escaping @Sendable (SNMPTrap) -> Void) throws(SNMPError) {
        guard let address = UDPAddress(host: host, port: port) else { throw .socket("\(host) is not an IPv4 address") }
        let core = Core(socket: try UDPSocket(bindTo: address), logger: logger, handler: handler)
        self.core = core
        try startBackgroundThread { core.run() }
    }

    deinit { close() }

    /// Stops the receive thread within a tick and releases the port; idempotent.
    public func close() { core.closed.store(true, ordering: .releasing) }
}

extension SNMPTrapReceiver.Core {
    /// The receive thread: poll with a tick so `close` is noticed, drain what is ready, handle each.
    func run() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !closed.load(ordering: .acquiring) {
            guard (try? socket.waitReadable(milliseconds: 100)) == true else { continue }
            for _ in 0..<1024 {
                guard case .done(let (count, source))? = try? socket.receive(into: &buffer) else { break }
                handle(Array(buffer[0..<count]), from: source)
            }
        }
    }

    /// Decodes one datagram into a notification, answers an Inform, calls the handler; drops the rest.
    private func handle(_ bytes: [UInt8], from source: UDPAddress) {
        let decoded = Result { () throws(BERDecodeError) in try SNMPMessage.decode(bytes) }
        let trap = decoded.flatMap { SNMPTrap.from($0, source: source) }
        guard case .success(let notification) = trap, case .success(let message) = decoded else {
            statistics.withLock { $0.dropped += 1 }
            if case .failure(let error) = trap {
                logger.debug("SNMP trap dropped", metadata: ["from": "\(source)", "bytes": "\(bytes.count)", "reason": "\(error)"])
            }
            return
        }
        if notification.isInform, case .basic(var pdu) = message.pdu {
            // RFC 3416 §4.2.7: the Response repeats the request-id and the bindings.
            pdu.type = .response
            pdu.errorStatus = 0
            pdu.errorIndex = 0
            let response = SNMPMessage(version: message.version, community: message.community, pdu: .basic(pdu))
            if let packet = try? response.encoded(), (try? socket.send(packet, to: source)) != nil {
                statistics.withLock { $0.informsAnswered += 1 }
            }
        }
        statistics.withLock { $0.received += 1 }
        handler(notification)
    }
}

import FleetCore
import Logging

/// One request sent to a broadcast address, and every agent's answer to it (discovery of a directly
/// attached subnet in a few datagrams instead of one per address).
///
/// Runs on a socket of its own with SO_BROADCAST: the request goes out up to `sends` times,
/// `interval` apart, by default again only while nothing answered (a lost request; every copy carries
/// the same request-id, so an agent that hears it twice answers twice and only its first answer is
/// kept), and answers are collected until `wait` after the last planned send. An answer counts when it decodes, is a Response with the request's id, community
/// and version, comes from the request's port and from an address `accept` allows, and has as many
/// bindings as the request; anything else is dropped and counted, like the client does.
public struct BroadcastProbe: Sendable {
    public struct Options: Sendable {
        /// How often the request goes out at most (the first send included).
        public var sends = 2
        /// Send again only while nothing has answered. Every agent that hears a repeated request
        /// answers it again, which doubles the answers' traffic; when some answered, the request
        /// evidently got through (a lost answer is then found by the next discovery).
        public var resendOnlyWhenSilent = true
        /// Time between two sends.
        public var interval: Duration = .milliseconds(300)
        /// How long answers are collected after the last send.
        public var wait: Duration = .seconds(1)
        /// Local address to bind; port 0 picks a free one.
        public var bindAddress = "0.0.0.0"

        public init() {}
    }

    /// One agent's first answer.
    public struct Answer: Sendable {
        public var source: UDPAddress
        public var errorStatus: Int32
        public var errorIndex: Int32
        public var varbinds: [SNMPVarBind]
    }

    /// The answers, one per source address in order of arrival, and the traffic of the probe's socket.
    public struct Outcome: Sendable {
        public var answers: [Answer]
        public var statistics: SNMPStatistics
    }

    public var options: Options
    public let logger: Logger

    public init(options: Options = .init(), logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Sends `type` (a get or get-next) of `oids` to `destination` and collects the answers. Blocks
    /// only a thread of its own, never the caller's; returns after the last send plus `wait`.
    public func run(_ type: SNMPPDUType = .getNextRequest, _ oids: [OID], to destination: UDPAddress,
                    community: String, version: SNMPVersion,
                    accept: @escaping @Sendable (UDPAddress) -> Bool) async throws(SNMPError) -> Outcome {
        guard let local = UDPAddress(host: options.bindAddress, port: 0) else {
            throw .socket("bind address \(options.bindAddress) is not IPv4")
        }
        let socket = try UDPSocket(bindTo: local)
        try socket.enableBroadcast()
        let request = SNMPBasicPDU(type: type, requestID: Int32.random(in: 1...0x7FFF),
                                   varbinds: oids.map { SNMPVarBind($0, .null) })
        let message = SNMPMessage(version: version, community: Array(community.utf8), pdu: .basic(request))
        let packet: [UInt8]
        switch Result(catching: { () throws(BEREncodeError) in try message.encoded() }) {
        case .success(let bytes): packet = bytes
        case .failure(let error): throw .malformed(error.reason)
        }
        let session = Session(socket: socket, packet: packet, request: request, message: message,
                              destination: destination, options: options, logger: logger, accept: accept)
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Outcome, SNMPError>, Never>) in
            do throws(SNMPError) {
                try startBackgroundThread { continuation.resume(returning: Result { () throws(SNMPError) in try session.run() }) }
            } catch {
                continuation.resume(returning: .failure(error))
            }
        }
        return try result.get()
    }
}

/// The probe's work on its thread: sends, waits, collects.
private final class Session: Sendable {
    let socket: UDPSocket
    let packet: [UInt8]
    let request: SNMPBasicPDU
    let message: SNMPMessage
    let destination: UDPAddress
    let options: BroadcastProbe.Options
    let logger: Logger
    let accept: @Sendable (UDPAddress) -> Bool

    init(socket: UDPSocket, packet: [UInt8], request: SNMPBasicPDU, message: SNMPMessage, destination: UDPAddress,
         options: BroadcastProbe.Options, logger: Logger, accept: @escaping @Sendable (UDPAddress) -> Bool) {
        self.socket = socket; self.packet = packet; self.request = request; self.message = message
        self.destination = destination; self.options = options; self.logger = logger; self.accept = accept
    }

    func run() throws(SNMPError) -> BroadcastProbe.Outcome {
        let clock = ContinuousClock()
        var statistics = SNMPStatistics()
        var answers: [BroadcastProbe.Answer] = []
        var seen = Set<UDPAddress>()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let sends = max(1, options.sends)
        let start = clock.now
        let deadline = start + options.interval * (sends - 1) + options.wait
        var sent = 0
        while true {
            let now = clock.now
            if sent > 0, sent < sends, options.resendOnlyWhenSilent, !answers.isEmpty {
                sent = sends    // answered: no resend
            }
            if sent < sends, now >= start + options.interval * sent {
                // A full send buffer loses the datagram like the network would; the next send covers it.
                if case .done = try socket.send(packet, to: destination) {
                    if sent == 0 { statistics.requestsSent += 1 } else { statistics.retransmissions += 1 }
                    statistics.sent(packet.count)
                }
                sent += 1
                continue
            }
            if now >= deadline { break }
            let next = sent < sends ? min(start + options.interval * sent, deadline) : deadline
            let milliseconds = max(1, min(100, (next - now).milliseconds))
            guard try socket.waitReadable(milliseconds: Int32(milliseconds)) else { continue }
            for _ in 0..<1024 {
                guard case .done(let (count, source)) = try socket.receive(into: &buffer) else { break }
                statistics.received(count)
                switch check(buffer, count: count, from: source) {
                case .success(let pdu):
                    statistics.responses += 1
                    if seen.insert(source).inserted {
                        answers.append(.init(source: source, errorStatus: pdu.errorStatus, errorIndex: pdu.errorIndex,
                                             varbinds: pdu.varbinds))
                    }
                case .failure(let reason):
                    statistics.dropped += 1
                    logger.debug("SNMP broadcast answer dropped", metadata: ["from": "\(source)", "bytes": "\(count)",
                                                                              "reason": "\(reason.text)"])
                }
            }
        }
        return .init(answers: answers, statistics: statistics)
    }

    struct DropReason: Error {
        var text: String
    }

    /// The answer's PDU when it belongs to the probe, else why not.
    private func check(_ buffer: [UInt8], count: Int, from source: UDPAddress) -> Result<SNMPBasicPDU, DropReason> {
        let decoded = buffer.withUnsafeBytes { raw in
            Result { () throws(BERDecodeError) in try SNMPMessage.decode(UnsafeRawBufferPointer(rebasing: raw[0..<count])) }
        }
        let answer: SNMPMessage
        switch decoded {
        case .success(let value): answer = value
        case .failure(let error): return .failure(DropReason(text: "undecodable: \(error)"))
        }
        guard let pdu = answer.basicPDU, pdu.type == .response else { return .failure(DropReason(text: "not a Response")) }
        guard pdu.requestID == request.requestID else { return .failure(DropReason(text: "unknown request-id \(pdu.requestID)")) }
        guard source.port == destination.port, accept(source) else {
            return .failure(DropReason(text: "answered from an address outside the range"))
        }
        guard answer.community == message.community, answer.version == message.version else {
            return .failure(DropReason(text: "wrong community or version"))
        }
        guard pdu.errorStatus != 0 || pdu.varbinds.count == request.varbinds.count else {
            return .failure(DropReason(text: "\(pdu.varbinds.count) bindings answer \(request.varbinds.count)"))
        }
        return .success(pdu)
    }
}

extension Duration {
    /// Whole milliseconds, rounded down (negative durations give 0).
    fileprivate var milliseconds: Int {
        let (seconds, attoseconds) = components
        return max(0, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

import FleetCore
import Logging
import Synchronization

extension ClientEngine {
    /// The receive thread's loop: wait for datagrams (a short tick while requests are pending, a
    /// long one when idle), match them, then retransmit or fail what is overdue. Ends once closed.
    func receiveLoop() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let (closed, busy) = state.withLock { ($0.closed, !$0.pending.isEmpty) }
            if closed { return }
            let readable: Bool
            do {
                readable = try socket.waitReadable(milliseconds: busy ? 5 : 100)
            } catch {
                logger.error("SNMP receive thread: \(error)")
                readable = false
            }
            if readable { drain(&buffer) }
            expire(now: ContinuousClock().now)
        }
    }

    /// Reads every datagram that is ready, up to a bound so timeouts are still checked under a flood.
    private func drain(_ buffer: inout [UInt8]) {
        for _ in 0..<1024 {
            let received: UDPResult<(count: Int, from: UDPAddress)>
            do { received = try socket.receive(into: &buffer) } catch {
                logger.error("SNMP receive: \(error)")
                return
            }
            guard case .done(let (count, source)) = received else { return }
            let decoded = buffer.withUnsafeBytes { raw in
                Result { () throws(BERDecodeError) in try SNMPMessage.decode(UnsafeRawBufferPointer(rebasing: raw[0..<count])) }
            }
            deliver(decoded, count: count, from: source)
        }
    }

    /// Resolves the request an answer belongs to, or drops the answer with a debug line.
    private func deliver(_ decoded: Result<SNMPMessage, BERDecodeError>, count: Int, from source: UDPAddress) {
        let outcome = state.withLock { state -> Result<Pending, DropReason> in
            state.statistics.received(count)
            let result = Self.match(decoded, from: source, in: &state.pending)
            if case .success = result { state.statistics.responses += 1 } else { state.statistics.dropped += 1 }
            return result
        }
        switch outcome {
        case .success(let pending):
            if case .success(let message) = decoded, let pdu = message.basicPDU {
                pending.continuation.resume(returning: .success(pdu))
            }
        case .failure(let reason):
            logger.debug("SNMP datagram dropped", metadata: ["from": "\(source)", "bytes": "\(count)", "reason": "\(reason.text)"])
        }
    }

    /// Why a datagram was not taken as an answer.
    struct DropReason: Error {
        var text: String
    }

    /// Takes the pending request an answer belongs to out of the table: a Response whose request-id,
    /// source address and port, community and version all match what was sent.
    private static func match(_ decoded: Result<SNMPMessage, BERDecodeError>, from source: UDPAddress,
                              in pending: inout [Int32: Pending]) -> Result<Pending, DropReason> {
        let message: SNMPMessage
        switch decoded {
        case .success(let value): message = value
        case .failure(let error): return .failure(DropReason(text: "undecodable: \(error)"))
        }
        guard let pdu = message.basicPDU, pdu.type == .response else {
            return .failure(DropReason(text: "not a Response"))
        }
        guard let request = pending[pdu.requestID] else {
            return .failure(DropReason(text: "unknown request-id \(pdu.requestID)"))
        }
        guard request.destination == source else {
            return .failure(DropReason(text: "request-id \(pdu.requestID) answered from the wrong address"))
        }
        guard request.community == message.community, request.version == message.version else {
            return .failure(DropReason(text: "wrong community or version"))
        }
        pending[pdu.requestID] = nil
        return .success(request)
    }

    /// Retransmits overdue requests that have retries left (same packet, same request-id) and fails
    /// the others with `.timeout`.
    private func expire(now: ContinuousClock.Instant) {
        let (resend, failed) = state.withLock { state -> ([(packet: [UInt8], to: UDPAddress)], [Pending]) in
            var resend: [(packet: [UInt8], to: UDPAddress)] = []
            var failed: [Pending] = []
            for (id, entry) in state.pending where entry.deadline <= now {
                if entry.retriesLeft > 0 {
                    state.pending[id]?.retriesLeft -= 1
                    state.pending[id]?.deadline = now + options.timeout
                    state.bucket.force(now: now)
                    state.statistics.retransmissions += 1
                    state.statistics.sent(entry.packet.count)
                    resend.append((entry.packet, entry.destination))
                } else {
                    state.pending[id] = nil
                    state.statistics.timeouts += 1
                    failed.append(entry)
                }
            }
            return (resend, failed)
        }
        for packet in resend {
            do { _ = try socket.send(packet.packet, to: packet.to) } catch {
                logger.debug("SNMP retransmission to \(packet.to) failed: \(error)")
            }
        }
        for entry in failed { entry.continuation.resume(returning: .failure(.timeout)) }
    }
}

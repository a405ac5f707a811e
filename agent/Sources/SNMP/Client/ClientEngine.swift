import FleetCore
import Logging
import Synchronization

/// The shared core of an `SNMPClient`: the socket, the table of requests in flight by request-id,
/// the in-flight and rate limits, and the receive thread that resolves answers and timeouts.
/// Separate from `SNMPClient` so that the thread keeps only the engine alive, and dropping the
/// client closes it.
final class ClientEngine: Sendable {
    typealias Answer = Result<SNMPBasicPDU, SNMPError>

    /// A request awaiting its answer.
    struct Pending {
        var continuation: CheckedContinuation<Answer, Never>
        var packet: [UInt8]
        var destination: UDPAddress
        var community: [UInt8]
        var version: SNMPVersion
        var deadline: ContinuousClock.Instant
        var retriesLeft: Int
    }

    /// Everything mutable, behind one lock; the lock is never held across a syscall or a resume.
    struct State {
        var pending: [Int32: Pending] = [:]
        var nextRequestID: Int32
        var inFlight = 0
        var slotWaiters: [CheckedContinuation<Bool, Never>] = []
        var bucket: TokenBucket
        var statistics = SNMPStatistics()
        var closed = false

        /// Ids stay below 2^15 so they take two octets on the wire, in every request and answer
        /// (four octets would be 4 bytes more per exchange); 32,767 ids are ample for the in-flight
        /// bound, and ids still pending are skipped.
        static let maxRequestID: Int32 = 0x7FFF

        mutating func allocateRequestID() -> Int32 {
            while true {
                let id = nextRequestID
                nextRequestID = id >= Self.maxRequestID ? 1 : id + 1
                if pending[id] == nil { return id }
            }
        }
    }

    let options: SNMPClientOptions
    let logger: Logger
    let socket: UDPSocket
    let state: Mutex<State>
    private static let clock = ContinuousClock()

    init(options: SNMPClientOptions, logger: Logger) throws(SNMPError) {
        guard let local = UDPAddress(host: options.bindAddress, port: 0) else {
            throw .socket("bind address \(options.bindAddress) is not IPv4")
        }
        self.options = options
        self.logger = logger
        socket = try UDPSocket(bindTo: local)
        // A random first id, so a restarted agent does not meet answers meant for its predecessor.
        state = Mutex(State(nextRequestID: Int32.random(in: 1...State.maxRequestID),
                            bucket: TokenBucket(packetsPerSecond: options.packetsPerSecond, now: Self.clock.now)))
    }

    var statistics: SNMPStatistics { state.withLock { $0.statistics } }

    // MARK: sending

    /// Sends one request and awaits its answer, honouring the in-flight bound and the packet rate;
    /// retransmissions and timeouts are the receive thread's work.
    func exchange(_ type: SNMPPDUType, _ varbinds: [SNMPVarBind], field2: Int32 = 0, field3: Int32 = 0,
                  to target: SNMPTarget) async throws(SNMPError) -> SNMPBasicPDU {
        guard let destination = UDPAddress(host: target.host, port: target.port) else {
            throw .socket("\(target.host) is not an IPv4 address")
        }
        guard await acquireSlot() else { throw .closed }
        defer { releaseSlot() }
        while let wait = state.withLock({ $0.closed ? nil : $0.bucket.take(now: Self.clock.now) }) {
            do { try await Task.sleep(for: wait) } catch {
                // Cancelled: sleeping would return at once and spin; take the token on credit instead.
                state.withLock { $0.bucket.force(now: Self.clock.now) }
                break
            }
        }
        let community = Array(target.community.utf8)
        let answer = await withCheckedContinuation { (continuation: CheckedContinuation<Answer, Never>) in
            // Id allocation, encoding and registration under one lock, so an id is never handed out twice.
            let registered = state.withLock { state -> Result<(Int32, [UInt8]), SNMPError> in
                guard !state.closed else { return .failure(.closed) }
                let id = state.allocateRequestID()
                let message = SNMPMessage(version: target.version, community: community,
                                          pdu: .basic(SNMPBasicPDU(type: type, requestID: id, errorStatus: field2,
                                                                   errorIndex: field3, varbinds: varbinds)))
                let packet: [UInt8]
                switch Result(catching: { () throws(BEREncodeError) in try message.encoded() }) {
                case .success(let bytes): packet = bytes
                case .failure(let error): return .failure(.malformed(error.reason))
                }
                state.pending[id] = Pending(continuation: continuation, packet: packet, destination: destination,
                                            community: community, version: target.version,
                                            deadline: Self.clock.now + options.timeout, retriesLeft: max(0, options.retries))
                state.statistics.requestsSent += 1
                state.statistics.sent(packet.count)
                return .success((id, packet))
            }
            let id: Int32, packet: [UInt8]
            switch registered {
            case .failure(let error): return continuation.resume(returning: .failure(error))
            case .success(let value): (id, packet) = value
            }
            // A full send buffer loses the packet like the network would; the retry covers it.
            let sent = Result { () throws(SNMPError) in try socket.send(packet, to: destination) }
            if case .failure(let error) = sent {
                if let pending = state.withLock({ $0.pending.removeValue(forKey: id) }) {
                    pending.continuation.resume(returning: .failure(error))
                }
            }
        }
        return try answer.get()
    }

    /// Waits for one of the `maxInFlight` slots (FIFO); false once the client is closed.
    private func acquireSlot() async -> Bool {
        let immediate = state.withLock { state -> Bool? in
            if state.closed { return false }
            if state.inFlight < max(1, options.maxInFlight) {
                state.inFlight += 1
                return true
            }
            return nil
        }
        if let immediate { return immediate }
        return await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool? in
                if state.closed { return false }
                // A slot may have been freed between the two locks.
                if state.inFlight < max(1, options.maxInFlight) {
                    state.inFlight += 1
                    return true
                }
                state.slotWaiters.append(continuation)
                return nil
            }
            if let resumeNow { continuation.resume(returning: resumeNow) }
        }
    }

    /// Hands the slot straight to the longest waiter, if any.
    private func releaseSlot() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            if state.slotWaiters.isEmpty {
                state.inFlight -= 1
                return nil
            }
            return state.slotWaiters.removeFirst()
        }
        waiter?.resume(returning: true)
    }

    // MARK: closing

    /// Fails everything waiting with `.closed`; the receive thread notices and ends within a tick.
    func close() {
        let (pending, waiters) = state.withLock { state in
            state.closed = true
            let pending = Array(state.pending.values)
            state.pending.removeAll()
            let waiters = state.slotWaiters
            state.slotWaiters.removeAll()
            return (pending, waiters)
        }
        for entry in pending { entry.continuation.resume(returning: .failure(.closed)) }
        for waiter in waiters { waiter.resume(returning: false) }
    }
}

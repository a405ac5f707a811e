import Glibc
import Logging
import Synchronization

/// What all loops of one server share.
final class ServerShared: Sendable {
    let limits: HTTPLimits
    let logger: Logger
    let openConnections = Atomic<Int>(0)
    /// Where async handlers and streamed bodies run.
    let handlers: HandlerExecutor

    init(limits: HTTPLimits, logger: Logger, handlerThreads: Int) {
        self.limits = limits
        self.logger = logger
        self.handlers = HandlerExecutor(threadCount: handlerThreads)
    }
}

/// One epoll thread: its own SO_REUSEPORT listeners, its connections, an eventfd for wake-ups and a
/// timer wheel for deadlines. A connection lives and dies on the loop that accepted it.
final class EventLoop: @unchecked Sendable {
    // @unchecked Sendable: only `mailbox`, `awake` and `wakeFd` are touched from other threads (post);
    // every other property is read and written on the loop's own thread only.
    let index: Int
    let shared: ServerShared
    private let epfd: Int32
    private let wakeFd: Int32
    private let mailbox = Mutex<[LoopMessage]>([])
    private let awake = Atomic<Bool>(false)

    private var listeners: [ListenerSlot] = []
    private var connections: [Connection?] = []
    private var generation: UInt32 = 0
    private var reserveFd: Int32
    private(set) var wheel: TimerWheel
    private var date = HTTPDate()
    private(set) var now: UInt64
    private var draining = false
    private var drainDeadline: UInt64 = 0
    private var liveConnections = 0
    /// A scratch area for TLS ciphertext reads (consumed immediately by the session).
    let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    private static let wakeToken: UInt64 = 1 << 62
    private static let listenerBit: UInt64 = 1 << 63

    init(index: Int, shared: ServerShared) throws(HTTPServerError) {
        self.index = index
        self.shared = shared
        epfd = try Syscalls.epollCreate()
        wakeFd = try Syscalls.eventfdCreate()
        reserveFd = Syscalls.openReserve()
        now = Syscalls.monotonicNanoseconds()
        wheel = TimerWheel(now: now)
        try Syscalls.epollAdd(epfd, fd: wakeFd, events: Syscalls.Event.input, token: EventLoop.wakeToken)
    }

    deinit {
        scratch.deallocate()
        Syscalls.close(epfd)
        Syscalls.close(wakeFd)
        if reserveFd >= 0 { Syscalls.close(reserveFd) }
    }

    var limits: HTTPLimits { shared.limits }

    /// Takes a bound listener (before `run`).
    func adopt(listenerFd: Int32, configuration: ListenerConfiguration) throws(HTTPServerError) {
        let slot = ListenerSlot(fd: listenerFd, configuration: configuration, limits: shared.limits)
        try Syscalls.epollAdd(epfd, fd: listenerFd, events: Syscalls.Event.input, token: EventLoop.listenerBit | UInt64(listeners.count))
        listeners.append(slot)
    }

    /// Hands a message to the loop from any thread; the eventfd is written only when the loop is not
    /// already due to wake, so a burst of responses costs one wake-up.
    func post(_ message: LoopMessage) {
        mailbox.withLock { $0.append(message) }
        if !awake.exchange(true, ordering: .acquiringAndReleasing) { Syscalls.eventfdSignal(wakeFd) }
    }

    /// The `Date` header line for the current second.
    func dateLine() -> [UInt8] { date.line() }

    /// Runs until a shutdown has drained every connection.
    func run() {
        let events = Syscalls.EpollEvents(capacity: 512)
        var expired: [UInt64] = []
        while true {
            let timeout: Int32 = (wheel.count > 0 || draining) ? wheel.millisecondsToNextTick(now: now) : 1000
            let count: Int
            do { count = try Syscalls.epollWait(epfd, events, timeoutMs: timeout) } catch {
                shared.logger.critical("epoll_wait failed: \(error)")
                return
            }
            now = Syscalls.monotonicNanoseconds()
            for i in 0..<count {
                let token = events.token(at: i)
                let flags = events.flags(at: i)
                if token == EventLoop.wakeToken {
                    Syscalls.eventfdDrain(wakeFd)
                    drainMailbox()
                } else if token & EventLoop.listenerBit != 0 {
                    // A listener closed by a shutdown earlier in this batch may still have an event here.
                    let index = Int(token & 0xFFFF)
                    if index < listeners.count { acceptConnections(listeners[index]) }
                } else if let connection = connection(for: token) {
                    connection.handle(events: flags)
                }
            }
            wheel.advance(to: now, into: &expired)
            for token in expired { connection(for: token)?.deadlineVisit() }
            expired.removeAll(keepingCapacity: true)
            resumeListenersIfPossible()
            if draining && (liveConnections == 0 || now >= drainDeadline) {
                for case let connection? in connections { connection.close() }
                return
            }
        }
    }

    private func connection(for token: UInt64) -> Connection? {
        let fd = Int(token & 0xFFFF_FFFF)
        guard fd < connections.count, let connection = connections[fd], connection.token == token else { return nil }
        return connection
    }

    private func drainMailbox() {
        awake.store(false, ordering: .releasing)
        let messages = mailbox.withLock { pending -> [LoopMessage] in
            let taken = pending
            pending.removeAll(keepingCapacity: true)
            return taken
        }
        for message in messages {
            switch message {
            case .response(let token, let response):
                connection(for: token)?.asyncResponseArrived(response)
            case .chunk(let token, let bytes, let continuation):
                if let connection = connection(for: token) {
                    connection.streamChunkArrived(bytes, continuation)
                } else {
                    continuation.resume(throwing: HTTPServerError.connectionClosed)
                }
            case .streamEnd(let token, let failed):
                connection(for: token)?.streamEnded(failed: failed)
            case .shutdown(let deadline):
                beginDraining(deadline: deadline)
            }
        }
    }

    // MARK: accepting

    private func acceptConnections(_ listener: ListenerSlot) {
        // A bounded batch per wake-up keeps one busy listener from starving the loop's connections.
        for _ in 0..<64 {
            if shared.openConnections.load(ordering: .relaxed) >= limits.maxConnections {
                pause(listener)
                return
            }
            do {
                switch try Syscalls.accept(listener.fd) {
                case .wouldBlock: return
                case .done(let accepted): open(fd: accepted.fd, peer: accepted.peer, listener: listener)
                }
            } catch {
                if case .syscall(_, let code) = error, code == EMFILE || code == ENFILE {
                    shedOneConnection(listener)
                    return
                }
                if case .syscall(_, let code) = error, code == ECONNABORTED || code == EPROTO || code == EPERM { continue }
                shared.logger.error("accept failed: \(error)")
                return
            }
        }
    }

    /// Out of descriptors: free the reserve, accept the waiting connection and close it at once, so the
    /// client gets a reset instead of hanging and the listener does not wake us in a busy loop.
    private func shedOneConnection(_ listener: ListenerSlot) {
        shared.logger.warning("out of file descriptors: refusing a connection on \(listener.configuration.name)")
        if reserveFd >= 0 { Syscalls.close(reserveFd); reserveFd = -1 }
        if case .done(let accepted)? = try? Syscalls.accept(listener.fd) { Syscalls.close(accepted.fd) }
        reserveFd = Syscalls.openReserve()
        if reserveFd < 0 { pause(listener) }  // not even the reserve came back: wait for closes
    }

    private func pause(_ listener: ListenerSlot) {
        guard !listener.paused else { return }
        listener.paused = true
        try? Syscalls.epollModify(epfd, fd: listener.fd, events: 0, token: EventLoop.listenerBit | UInt64(listeners.firstIndex { $0 === listener } ?? 0))
    }

    private func resumeListenersIfPossible() {
        guard !draining else { return }
        for (i, listener) in listeners.enumerated() where listener.paused {
            guard shared.openConnections.load(ordering: .relaxed) < limits.maxConnections else { return }
            if reserveFd < 0 { reserveFd = Syscalls.openReserve(); if reserveFd < 0 { return } }
            listener.paused = false
            try? Syscalls.epollModify(epfd, fd: listener.fd, events: Syscalls.Event.input, token: EventLoop.listenerBit | UInt64(i))
        }
    }

    private func open(fd: Int32, peer: String, listener: ListenerSlot) {
        generation &+= 1
        let token = UInt64(generation) << 32 | UInt64(UInt32(fd))
        let connection: Connection
        do {
            connection = try Connection(loop: self, fd: fd, token: token, listener: listener, remoteAddress: peer)
            try Syscalls.epollAdd(epfd, fd: fd, events: Syscalls.edgeTriggeredReadWrite, token: token)
        } catch {
            shared.logger.error("could not open connection from \(peer): \(error)")
            Syscalls.close(fd)
            return
        }
        let slot = Int(fd)
        if slot >= connections.count { connections += Array(repeating: nil, count: max(slot + 1 - connections.count, 64)) }
        connections[slot] = connection
        liveConnections += 1
        shared.openConnections.add(1, ordering: .relaxed)
        connection.scheduleDeadline()
    }

    /// Called by a connection as it closes; the descriptor is closed here, last.
    func forget(_ connection: Connection) {
        let slot = Int(connection.fd)
        guard slot < connections.count, connections[slot] === connection else { return }
        connections[slot] = nil
        liveConnections -= 1
        shared.openConnections.subtract(1, ordering: .relaxed)
        Syscalls.epollRemove(epfd, fd: connection.fd)
        Syscalls.close(connection.fd)
    }

    /// Puts a connection's token on the wheel for `deadline`.
    func schedule(_ token: UInt64, deadline: UInt64) { wheel.schedule(token, deadline: deadline) }

    // MARK: shutdown

    /// Go's order: stop listening, close idle connections, let active ones finish until the deadline.
    private func beginDraining(deadline: UInt64) {
        guard !draining else { return }
        draining = true
        drainDeadline = deadline
        for listener in listeners {
            Syscalls.epollRemove(epfd, fd: listener.fd)
            Syscalls.close(listener.fd)
        }
        listeners.removeAll()
        for case let connection? in connections { connection.beginShutdown() }
    }

    var isDraining: Bool { draining }
}

/// The life of one connection as a value: it takes events and answers with what to do, and it owns
/// the deadline that applies at each moment. The `Connection` class does the I/O around it; this
/// struct is tested without a socket.
///
/// Phases (like Go's ConnState): `idle` between requests, `head` while a request head arrives,
/// `body` while its body arrives, `handling` while a handler works, `closing` once no more requests
/// will be read. Deadlines: `head` gets one fixed deadline from its first byte (a client trickling a
/// byte a second cannot extend it), `body` one from the end of the head, `idle` one from the end of
/// the last response; output that cannot be flushed adds a write deadline on top.
struct ConnectionLifecycle {
    enum Phase: Equatable { case idle, head, body, handling, closing }

    /// Why a deadline exists, which decides what happens when it passes.
    enum Deadline: Equatable { case header, body, idle, write }

    /// What the connection must do after a deadline passed.
    enum TimeoutAction: Equatable {
        /// Nothing useful was received: close without a word.
        case close
        /// A request was partly received: answer 408 and close.
        case respondTimeoutAndClose
    }

    private(set) var phase: Phase = .head
    private(set) var phaseDeadline: UInt64
    private(set) var phaseReason: Deadline = .header
    private(set) var writeDeadline: UInt64 = 0
    /// Whether the current head has received any byte (a silent new connection is closed, not answered).
    private(set) var receivedBytes = false
    /// Whether more requests may be read after the current one.
    private(set) var keepAlive = true
    let limits: HTTPLimits

    init(limits: HTTPLimits, now: UInt64) {
        self.limits = limits
        phaseDeadline = now + limits.headerTimeout.nanoseconds
    }

    /// The deadline in force (0 = none).
    var deadline: UInt64 {
        switch (phaseDeadline, writeDeadline) {
        case (0, let w): return w
        case (let p, 0): return p
        case (let p, let w): return min(p, w)
        }
    }

    /// Bytes of a request arrived.
    mutating func bytesArrived(now: UInt64) {
        receivedBytes = true
        if phase == .idle {
            phase = .head
            phaseReason = .header
            phaseDeadline = now + limits.headerTimeout.nanoseconds
        }
    }

    /// A whole head was parsed; `expectsBody` says whether a body follows.
    mutating func headComplete(now: UInt64, expectsBody: Bool, keepAlive: Bool) {
        self.keepAlive = self.keepAlive && keepAlive
        if expectsBody {
            phase = .body
            phaseReason = .body
            phaseDeadline = now + limits.readTimeout.nanoseconds
        } else {
            bodyComplete()
        }
    }

    /// The whole body arrived; a handler takes over, with no deadline of its own.
    mutating func bodyComplete() {
        phase = .handling
        phaseDeadline = 0
    }

    /// The response was queued. Returns whether another request may be read afterwards.
    @discardableResult
    mutating func responseQueued(now: UInt64, closeAfter: Bool) -> Bool {
        if closeAfter || !keepAlive {
            keepAlive = false
            phase = .closing
            phaseDeadline = 0
            return false
        }
        phase = .idle
        phaseReason = .idle
        receivedBytes = false
        phaseDeadline = now + limits.idleTimeout.nanoseconds
        return true
    }

    /// No more requests will be read (shutdown, peer closed, fatal error).
    mutating func stopReading() {
        keepAlive = false
        if phase == .idle || phase == .head { phase = .closing; phaseDeadline = 0 }
    }

    /// The last response is out and the write side is shut: drain what the client still sends for a
    /// moment before closing, so that closing with unread data does not reset the connection and
    /// destroy the response in flight (Go's closeWriteAndWait, nginx's lingering_close).
    mutating func beginLingering(now: UInt64) {
        phase = .closing
        phaseReason = .idle
        phaseDeadline = now + ConnectionLifecycle.lingerNanoseconds
        writeDeadline = 0
    }

    static let lingerNanoseconds: UInt64 = 2_000_000_000

    /// Output could not be flushed completely: start the write clock unless it already runs.
    mutating func outputBlocked(now: UInt64) {
        if writeDeadline == 0 { writeDeadline = now + limits.writeTimeout.nanoseconds }
    }

    /// All output reached the socket.
    mutating func outputDrained() { writeDeadline = 0 }

    /// Whether the connection is between requests with nothing buffered (safe to close on shutdown).
    var isIdle: Bool { phase == .idle || (phase == .head && !receivedBytes) }

    /// What to do at `now`, or nil when no deadline has passed.
    func timeout(now: UInt64) -> TimeoutAction? {
        if writeDeadline != 0 && now >= writeDeadline { return .close }
        guard phaseDeadline != 0, now >= phaseDeadline else { return nil }
        switch phaseReason {
        case .header: return receivedBytes ? .respondTimeoutAndClose : .close
        case .body: return .respondTimeoutAndClose
        case .idle, .write: return .close
        }
    }
}

extension Duration {
    /// Whole nanoseconds, for comparisons with the loop's monotonic clock.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds)) / 1_000_000_000
    }
}

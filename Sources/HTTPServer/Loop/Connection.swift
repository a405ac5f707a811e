import Glibc

/// One client connection: its socket, buffers, optional TLS session and the request in progress.
/// Owned by the loop that accepted it and touched only on that loop's thread.
///
/// The socket is registered once, edge-triggered, for reading and writing, so a request costs no
/// epoll_ctl. Edge triggering means every readiness edge must be used up: `readable` stays true until
/// a read comes back short or would block, `writable` until a write would block.
final class Connection {
    unowned let loop: EventLoop
    let fd: Int32
    let token: UInt64
    let listener: ListenerSlot
    let remoteAddress: String
    var lifecycle: ConnectionLifecycle
    /// The wheel slot time this connection is next visited at.
    var scheduledFor: UInt64 = .max

    /// Plaintext received and not yet parsed.
    let input = ByteBuffer(capacity: Connection.initialBuffer)
    /// Plaintext responses not yet handed to TLS or the socket.
    let output = ByteBuffer(capacity: Connection.initialBuffer)
    /// TLS only: ciphertext waiting for the socket.
    var wire: ByteBuffer?
    var tls: TLSSession?
    var tlsReady = false
    var peerCertificate: PeerCertificate?
    var tlsScratch: [UInt8] = []

    var readable = true
    var writable = true
    var peerClosed = false
    var closed = false
    var closeWhenFlushed = false
    /// The write side is shut after a final response; reads are discarded until EOF or the deadline.
    var lingering = false

    /// The request whose body is being read.
    var pending: PendingRequest?
    /// A handler or streamed body is producing the current response: read nothing more until it ends.
    var inflight = false
    var stream: StreamState?
    /// How to answer the request an async handler is working on.
    var currentContext = ResponseContext(version: .http11, isHead: false, keepAlive: true, acceptsGzip: false)

    /// Output above this stops reading and parsing until the client drains it.
    static let highWater = 256 * 1024
    /// Each buffer starts (and shrinks back to) this size: 10,000 idle connections cost 80 MiB, not more.
    static let initialBuffer = 4096

    init(loop: EventLoop, fd: Int32, token: UInt64, listener: ListenerSlot, remoteAddress: String) throws(HTTPServerError) {
        self.loop = loop
        self.fd = fd
        self.token = token
        self.listener = listener
        self.remoteAddress = remoteAddress
        lifecycle = ConnectionLifecycle(limits: loop.limits, now: loop.now)
        if let context = listener.configuration.tls {
            tls = try TLSSession(context: context, isServer: true)
            wire = ByteBuffer()
        }
    }

    /// Bytes waiting to reach the socket.
    var pendingOutput: Int { output.count + (wire?.count ?? 0) }

    /// Reacts to epoll's flags for this socket.
    func handle(events: UInt32) {
        if events & (Syscalls.Event.error | Syscalls.Event.hangup) != 0 && events & Syscalls.Event.input == 0 {
            close()
            return
        }
        if events & Syscalls.Event.output != 0 { writable = true }
        if events & (Syscalls.Event.input | Syscalls.Event.readHangup) != 0 { readable = true }
        drive()
    }

    /// Reads, parses and answers as far as the buffers and the request in flight allow, then flushes.
    func drive() {
        if lingering { return discardUntilClosed() }
        while !closed {
            processInput()
            if closed || closeWhenFlushed || inflight || peerClosed || !readable { break }
            if pendingOutput >= Connection.highWater {
                flush()
                if pendingOutput >= Connection.highWater { break }
            }
            if !readOnce() { break }
        }
        flush()
    }

    /// One read from the socket into `input` (through TLS when configured). False when nothing came.
    private func readOnce() -> Bool {
        if tls != nil { return readTLS() }
        // Small reads for heads keep idle connections cheap; a body in flight gets big ones.
        input.reserve(pending == nil ? 4096 : 64 * 1024)
        switch readSocket(into: input.writable) {
        case .nothing: return false
        case .endOfStream: return true
        case .bytes(let n):
            input.commit(n)
            lifecycle.bytesArrived(now: loop.now)
            return true
        }
    }

    /// What one read from the socket gave.
    enum SocketRead { case nothing, endOfStream, bytes(Int) }

    /// One `read`, keeping the edge-triggered bookkeeping: a short read or EAGAIN means the socket is
    /// drained (`readable` false); EOF marks the peer closed; an error closes the connection.
    func readSocket(into space: UnsafeMutableRawBufferPointer) -> SocketRead {
        do {
            switch try Syscalls.read(fd, space) {
            case .wouldBlock:
                readable = false
                return .nothing
            case .done(0):
                readable = false
                peerClosed = true
                return .endOfStream
            case .done(let n):
                if n < space.count { readable = false }
                return .bytes(n)
            }
        } catch {
            close()
            return .nothing
        }
    }

    /// Writes what is pending; arms the write deadline when the client cannot take it all.
    func flush() {
        guard !closed else { return }
        let buffer: ByteBuffer
        if let tls, let wire {
            if !output.isEmpty {
                do { try tls.write(output.readable) } catch { close(); return }
                output.clear()
            }
            if tls.hasPendingOutput {
                tlsScratch.removeAll(keepingCapacity: true)
                tls.drainOutput(into: &tlsScratch)
                wire.append(tlsScratch)
            }
            buffer = wire
        } else {
            buffer = output
        }
        while !buffer.isEmpty && writable {
            do {
                switch try Syscalls.write(fd, buffer.readable) {
                case .wouldBlock: writable = false
                case .done(let n): buffer.consume(n)
                }
            } catch {
                close()
                return
            }
        }
        if buffer.isEmpty {
            lifecycle.outputDrained()
            if closeWhenFlushed && !inflight {
                closeGently()
                return
            }
            stream?.resumeWaiter()
            input.shrinkIfIdle(to: Connection.initialBuffer)
            output.shrinkIfIdle(to: Connection.initialBuffer)
        } else {
            lifecycle.outputBlocked(now: loop.now)
            if buffer.count < Connection.highWater { stream?.resumeWaiter() }
        }
        scheduleDeadline()
    }

    /// Closes after a final response: shut the write side, then linger until the client closes too.
    private func closeGently() {
        guard !lingering else { return }
        if peerClosed {
            close()  // nothing more can arrive
            return
        }
        tls?.shutdown()  // close_notify, so a TLS client can tell a complete response from a cut one
        flushTLSAlert()
        lingering = true
        Syscalls.shutdownWrite(fd)
        lifecycle.beginLingering(now: loop.now)
        scheduleDeadline()
        discardUntilClosed()
    }

    /// Sends what TLS queued last (the close_notify alert), best effort: the connection is ending.
    private func flushTLSAlert() {
        guard let tls, let wire, tls.hasPendingOutput else { return }
        tlsScratch.removeAll(keepingCapacity: true)
        tls.drainOutput(into: &tlsScratch)
        wire.append(tlsScratch)
        if case .done(let n)? = try? Syscalls.write(fd, wire.readable) { wire.consume(n) }
    }

    /// While lingering (ciphertext or plaintext alike): read and drop everything until EOF, an error, or the linger deadline.
    private func discardUntilClosed() {
        while !closed && readable {
            input.clear()
            input.reserve(16 * 1024)
            do {
                switch try Syscalls.read(fd, input.writable) {
                case .wouldBlock: readable = false
                case .done(0): close()
                case .done: continue
                }
            } catch {
                close()
            }
        }
    }

    /// Closes at once: the socket goes, a stream producer's pending write fails.
    func close() {
        guard !closed else { return }
        closed = true
        stream?.fail()
        stream = nil
        loop.forget(self)
    }

    /// Tells the wheel about a deadline earlier than the slot the connection already waits in.
    func scheduleDeadline() {
        let deadline = lifecycle.deadline
        if deadline != 0 && deadline < scheduledFor {
            scheduledFor = deadline
            loop.schedule(token, deadline: deadline)
        }
    }

    /// The wheel reached a slot holding this connection.
    func deadlineVisit() {
        let now = loop.now
        if let action = lifecycle.timeout(now: now) {
            timedOut(action)
            return
        }
        // Stale entry: a newer, earlier one was scheduled and is still to come.
        if scheduledFor > now + loop.wheel.tickNanoseconds { return }
        let deadline = lifecycle.deadline
        scheduledFor = deadline != 0 ? deadline : now + 30_000_000_000
        loop.schedule(token, deadline: scheduledFor)
    }
}

import Glibc

/// One client connection: a blocking-style TCP socket (non-blocking underneath, every wait bounded
/// by a deadline through poll) and, for HTTPS, a `TLSSession` that only transforms bytes.
///
/// Owned by one `HTTPClient` on one thread; it closes its descriptor exactly once (`close` or deinit).
/// All socket calls go through `Syscalls`.
final class ClientTransport {
    private var fd: Int32
    private let tls: TLSSession?
    /// Plaintext received and not yet consumed by the response reader.
    var received: [UInt8] = []
    /// Bytes received on this connection so far (0: the server has said nothing yet).
    private(set) var bytesReceived = 0
    /// Requests sent on this connection (more than one: it was reused).
    var requestsSent = 0
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)

    /// Connects (and, with `tls`, completes the handshake) before `deadline` (monotonic ns).
    init(host: String, port: Int, tls context: TLSContext?, connectTimeoutMs: Int32,
         deadline: UInt64) throws(HTTPClientError) {
        do {
            fd = try Syscalls.connect(host: host, port: port, timeoutMs: connectTimeoutMs)
        } catch {
            throw .connectFailed(Self.describe(error))
        }
        guard let context else {
            tls = nil
            return
        }
        do {
            tls = try TLSSession(context: context, isServer: false)
        } catch {
            Syscalls.close(fd)
            fd = -1
            throw .tlsFailed(Self.describe(error))
        }
        do {
            try handshake(deadline: deadline)
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    var isOpen: Bool { fd >= 0 }

    /// The server's certificate (TLS connections, after the handshake).
    var peerCertificate: PeerCertificate? { tls?.peerCertificate }

    /// Sends close_notify when TLS is up (best effort, never waits) and closes the socket.
    func close() {
        guard fd >= 0 else { return }
        if let tls {
            tls.shutdown()
            var out: [UInt8] = []
            tls.drainOutput(into: &out)
            if !out.isEmpty { _ = try? out.withUnsafeBytes { try Syscalls.write(fd, $0) } }
        }
        Syscalls.close(fd)
        fd = -1
    }

    // MARK: plaintext

    /// Sends all of `bytes` (encrypted when TLS is on).
    func send(_ bytes: [UInt8], deadline: UInt64) throws(HTTPClientError) {
        guard let tls else { return try sendRaw(bytes, deadline: deadline) }
        let written = bytes.withUnsafeBytes { raw in Result { () throws(HTTPServerError) in try tls.write(raw) } }
        if case .failure(let error) = written { throw .tlsFailed(Self.describe(error)) }
        try flushTLS(deadline: deadline)
    }

    /// Waits for more plaintext and appends it to `received`; false when the server closed the
    /// connection (TCP FIN or TLS close_notify) with nothing more to give.
    func receiveMore(deadline: UInt64, phase: String) throws(HTTPClientError) -> Bool {
        while true {
            guard let ciphertext = try receiveRaw(deadline: deadline, phase: phase) else { return false }
            guard let tls else {
                received += ciphertext
                return true
            }
            ciphertext.withUnsafeBytes { tls.feed($0) }
            let result = tls.read(into: &received)
            // Post-handshake messages (tickets, key updates) may leave something to send.
            try flushTLS(deadline: deadline)
            switch result {
            case .ok(let count): if count > 0 { return true }
            case .closed: return false
            case .failed(let error): throw .tlsFailed(Self.describe(error))
            }
        }
    }

    // MARK: TLS

    private func handshake(deadline: UInt64) throws(HTTPClientError) {
        guard let tls else { return }
        while true {
            let step = tls.handshake()
            try flushTLS(deadline: deadline)
            switch step {
            case .done: return
            case .failed(let error): throw .tlsFailed(Self.describe(error))
            case .wantIO:
                guard let ciphertext = try receiveRaw(deadline: deadline, phase: "in the TLS handshake") else {
                    throw .tlsFailed("the server closed the connection during the handshake (not a TLS port, or it refused us)")
                }
                ciphertext.withUnsafeBytes { tls.feed($0) }
            }
        }
    }

    private func flushTLS(deadline: UInt64) throws(HTTPClientError) {
        guard let tls, tls.hasPendingOutput else { return }
        var out: [UInt8] = []
        tls.drainOutput(into: &out)
        try sendRaw(out, deadline: deadline)
    }

    // MARK: the socket

    private func sendRaw(_ bytes: [UInt8], deadline: UInt64) throws(HTTPClientError) {
        guard fd >= 0 else { throw .connectionClosed("(connection already closed)") }
        var offset = 0
        while offset < bytes.count {
            let attempt = bytes.withUnsafeBytes { raw in
                Result { () throws(HTTPServerError) in try Syscalls.write(fd, UnsafeRawBufferPointer(rebasing: raw[offset...])) }
            }
            let result: IOResult<Int>
            switch attempt {
            case .success(let value): result = value
            case .failure(let error): throw Self.ioError(error, phase: "while sending the request")
            }
            switch result {
            case .done(let count): offset += count
            case .wouldBlock: try wait(writing: true, deadline: deadline, phase: "sending the request")
            }
        }
    }

    /// One read of whatever the socket has (waiting for it until `deadline`); nil on end of stream.
    private func receiveRaw(deadline: UInt64, phase: String) throws(HTTPClientError) -> [UInt8]? {
        guard fd >= 0 else { throw .connectionClosed("(connection already closed)") }
        while true {
            let descriptor = fd
            let attempt = scratch.withUnsafeMutableBytes { raw in
                Result { () throws(HTTPServerError) in try Syscalls.read(descriptor, raw) }
            }
            let result: IOResult<Int>
            switch attempt {
            case .success(let value): result = value
            case .failure(let error): throw Self.ioError(error, phase: phase)
            }
            switch result {
            case .done(0): return nil
            case .done(let count):
                bytesReceived += count
                return Array(scratch[0..<count])
            case .wouldBlock: try wait(writing: false, deadline: deadline, phase: phase)
            }
        }
    }

    private func wait(writing: Bool, deadline: UInt64, phase: String) throws(HTTPClientError) {
        let now = Syscalls.monotonicNanoseconds()
        guard now < deadline else { throw .timedOut(phase) }
        let remaining = Int32(clamping: (deadline - now + 999_999) / 1_000_000)
        let ready: Bool
        do { ready = try Syscalls.waitUntilReady(fd, writing: writing, timeoutMs: remaining) } catch {
            throw Self.ioError(error, phase: phase)
        }
        if !ready && Syscalls.monotonicNanoseconds() >= deadline { throw .timedOut(phase) }
    }

    /// A reset or broken pipe is the server going away; anything else is an I/O error.
    private static func ioError(_ error: HTTPServerError, phase: String) -> HTTPClientError {
        if case .syscall(_, let code) = error, code == ECONNRESET || code == EPIPE {
            return .connectionClosed(phase)
        }
        return .io("\(phase): \(describe(error))")
    }

    static func describe(_ error: HTTPServerError) -> String {
        switch error {
        case .syscall(let call, let code): return "\(call): \(String(cString: strerror(code))) (errno \(code))"
        case .tls(let text): return text
        default: return "\(error)"
        }
    }
}

import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// One TLS connection's state: an `SSL*` between two memory BIOs, driven by an event loop that owns
/// the socket.
///
/// OpenSSL only transforms bytes here. The loop `feed`s what it read from the socket, calls
/// `handshake()` then `read(into:)`, hands plaintext to `write`, and sends whatever `drainOutput`
/// yields. Nothing in this class blocks or touches a file descriptor; it belongs to one loop thread.
///
/// After any call, `hasPendingOutput` may be true even with nothing written by the caller: handshake
/// flights, session tickets, alerts, and (TLS 1.2) the server's Finished after `handshake()` returns
/// `.done`. The loop should flush after every call.
public final class TLSSession {
    /// Keeps the `SSL_CTX` (and the revocation hook it points at) alive as long as `ssl`.
    private let context: TLSContext
    /// The owned `SSL*`; it owns both BIOs since `SSL_set_bio`, so one `SSL_free` frees all three.
    private let ssl: OpaquePointer
    /// Ciphertext from the peer, waiting for OpenSSL (borrowed from `ssl`).
    private let readBIO: OpaquePointer
    /// Ciphertext for the peer, waiting for the loop (borrowed from `ssl`; replaced when oversized).
    private var writeBIO: OpaquePointer
    private var handshakeFinished = false
    /// A failure already reported; every later call reports it again instead of poking a dead `SSL*`.
    private var failure: HTTPServerError?
    /// `peerCertificate`, parsed once on first use (`.some(nil)`: the peer sent none).
    private var cachedPeer: PeerCertificate??

    /// A session that accepts (`isServer`) or connects using `context`, which must have been made
    /// for the same role. A client session sends `serverName` as SNI and verifies it.
    public init(context: TLSContext, isServer: Bool) throws(HTTPServerError) {
        guard context.isServer == isServer else {
            throw .tls(isServer ? "a server session needs a context made with init(server:)"
                                : "a client session needs a context made with init(client:)")
        }
        OpenSSLError.clearQueue()
        guard let ssl = SSL_new(context.pointer) else { throw OpenSSLError.make("creating an SSL session") }
        guard let readBIO = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw OpenSSLError.make("creating a memory BIO")
        }
        guard let writeBIO = BIO_new(BIO_s_mem()) else {
            BIO_free(readBIO)
            SSL_free(ssl)
            throw OpenSSLError.make("creating a memory BIO")
        }
        // An empty read BIO must mean "wait for more" (WANT_READ), never end of stream.
        shim_BIO_set_mem_eof_return(readBIO, -1)
        SSL_set_bio(ssl, readBIO, writeBIO)
        self.context = context
        self.ssl = ssl
        self.readBIO = readBIO
        self.writeBIO = writeBIO
        if isServer {
            SSL_set_accept_state(ssl)
        } else {
            SSL_set_connect_state(ssl)
            if let name = context.configuration.serverName { try expectServer(named: name) }
        }
    }

    deinit { SSL_free(ssl) }

    /// Gives OpenSSL bytes read from the socket (copied; the buffer may be reused at once).
    public func feed(_ ciphertext: UnsafeRawBufferPointer) {
        guard !ciphertext.isEmpty, failure == nil else { return }
        var written = 0
        if BIO_write_ex(readBIO, ciphertext.baseAddress, ciphertext.count, &written) != 1 || written != ciphertext.count {
            // Only an allocation failure gets here; the next handshake() or read() reports it.
            failure = OpenSSLError.make("buffering received ciphertext")
        }
    }

    /// Advances the handshake with what has been fed. Call again after each `feed` until `.done`;
    /// flush `drainOutput` after every call, including `.done` and `.failed` (which may carry an alert).
    public func handshake() -> TLSStep {
        if let failure { return .failed(failure) }
        if handshakeFinished { return .done }
        OpenSSLError.clearQueue()
        let result = SSL_do_handshake(ssl)
        guard result == 1 else {
            switch SSLCallOutcome(ssl: ssl, returnCode: result) {
            case .wantIO: return .wantIO
            case .closed, .fatal: return .failed(fail("handshake"))
            }
        }
        handshakeFinished = true
        return .done
    }

    /// Appends every plaintext byte that the fed ciphertext decrypts to.
    ///
    /// `.closed` comes only when no bytes precede the close_notify in this call; otherwise this call
    /// returns `.ok(n)` and the next one returns `.closed`, so a caller that stops at `.closed` loses
    /// nothing. Post-handshake messages (tickets, key updates) are consumed here and may leave output.
    public func read(into buffer: inout [UInt8]) -> TLSReadResult {
        if let failure { return .failed(failure) }
        // SSL_read would otherwise drive an unfinished handshake behind handshake()'s back.
        guard handshakeFinished else { return .ok(0) }
        if SSL_get_shutdown(ssl) & SSL_RECEIVED_SHUTDOWN != 0 { return .closed }
        OpenSSLError.clearQueue()
        var total = 0
        while true {
            // Plaintext never exceeds the ciphertext it came from (AEAD, no compression), so the
            // bytes waiting bound what this SSL_read can yield; OpenSSL keeps any excess for the next
            // turn. Nothing waiting means nothing to decrypt: skip the call (and the zero-fill).
            let waiting = Int(BIO_ctrl_pending(readBIO)) + Int(SSL_pending(ssl))
            if waiting == 0 && SSL_has_pending(ssl) == 0 { return .ok(total) }
            let room = min(max(waiting, 1024), 16 * 1024)
            let start = buffer.count
            // Arrays cannot expose uninitialized capacity, so zero-fill the room and trim it after.
            buffer.append(contentsOf: repeatElement(0, count: room))
            var got = 0
            let result = buffer.withUnsafeMutableBytes { bytes in
                SSL_read_ex(ssl, bytes.baseAddress! + start, room, &got)
            }
            buffer.removeLast(room - got)
            if result == 1 {
                total += got
                continue
            }
            switch SSLCallOutcome(ssl: ssl, returnCode: 0) {
            case .wantIO: return .ok(total)
            case .closed: return total > 0 ? .ok(total) : .closed
            case .fatal: return .failed(fail("read"))
            }
        }
    }

    /// Encrypts all of `plaintext` into the pending output (as many records as it takes).
    /// Only valid after the handshake finished.
    public func write(_ plaintext: UnsafeRawBufferPointer) throws(HTTPServerError) {
        if let failure { throw failure }
        guard handshakeFinished else { throw .tls("write before the TLS handshake finished") }
        guard let base = plaintext.baseAddress, !plaintext.isEmpty else { return }
        OpenSSLError.clearQueue()
        var offset = 0
        while offset < plaintext.count {
            // Without SSL_MODE_ENABLE_PARTIAL_WRITE, SSL_write_ex takes everything or fails; a memory
            // BIO grows instead of saying "would block", so the loop turns only if OpenSSL ever
            // reports a partial success.
            var written = 0
            guard SSL_write_ex(ssl, base + offset, plaintext.count - offset, &written) == 1 else {
                throw fail("write")
            }
            offset += written
        }
    }

    /// Moves all pending ciphertext to the end of `buffer` for the loop to send.
    public func drainOutput(into buffer: inout [UInt8]) {
        let pending = Int(BIO_ctrl_pending(writeBIO))
        guard pending > 0 else { return }
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: pending))
        var got = 0
        _ = buffer.withUnsafeMutableBytes { bytes in
            BIO_read_ex(writeBIO, bytes.baseAddress! + start, pending, &got)
        }
        buffer.removeLast(pending - got)
        // A memory BIO never gives memory back: after one large response it would keep that much per
        // connection for as long as the connection lives. Its capacity stays near the largest amount
        // drained at once, so after a large drain swap in a fresh, empty BIO (SSL_set0_wbio frees the
        // old one). Small responses, the common case, never pay for this.
        if pending > Self.writeBufferLimit, let fresh = BIO_new(BIO_s_mem()) {
            SSL_set0_wbio(ssl, fresh)
            writeBIO = fresh
        }
    }

    /// Above this many drained bytes the write BIO is replaced rather than kept (see `drainOutput`).
    static let writeBufferLimit = 64 * 1024

    /// Whether `drainOutput` has anything to give.
    public var hasPendingOutput: Bool { BIO_ctrl_pending(writeBIO) > 0 }

    /// Queues close_notify (flush it, then close the socket; waiting for the peer's reply is not
    /// needed for HTTP, whose messages are self-delimiting).
    public func shutdown() {
        guard handshakeFinished, failure == nil else { return }
        OpenSSLError.clearQueue()
        _ = SSL_shutdown(ssl)
        OpenSSLError.clearQueue()
    }

    /// The peer's leaf certificate once the handshake finished; verified when the context verifies
    /// the peer (always for clients, with `.require` for servers).
    public var peerCertificate: PeerCertificate? {
        if let cachedPeer { return cachedPeer }
        guard handshakeFinished else { return nil }
        let peer = SSL_get0_peer_certificate(ssl).flatMap { try? PeerCertificate(x509: $0) }
        cachedPeer = .some(peer)
        return peer
    }

    /// The negotiated protocol, e.g. "TLSv1.3" (meaningful once the handshake finished).
    public var negotiatedProtocol: String { String(cString: SSL_get_version(ssl)) }

    /// The negotiated cipher suite, e.g. "TLS_AES_256_GCM_SHA384"; empty before the handshake.
    public var negotiatedCipher: String {
        guard let cipher = SSL_get_current_cipher(ssl), let name = SSL_CIPHER_get_name(cipher) else { return "" }
        return String(cString: name)
    }
}

extension TLSSession {
    /// Client side: SNI plus name verification. An IP literal is checked against IP SANs and not sent
    /// as SNI (RFC 6066 forbids it); anything else is a DNS name checked by `SSL_set1_host`.
    private func expectServer(named name: String) throws(HTTPServerError) {
        if Self.isIPAddress(name) {
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name) == 1 else {
                throw OpenSSLError.make("setting the expected server address \(name)")
            }
        } else {
            guard shim_SSL_set_tlsext_host_name(ssl, name) == 1, SSL_set1_host(ssl, name) == 1 else {
                throw OpenSSLError.make("setting the expected server name \(name)")
            }
            SSL_set_hostflags(ssl, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
        }
    }

    static func isIPAddress(_ text: String) -> Bool {
        var address = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, text, &address) == 1 || inet_pton(AF_INET6, text, &address) == 1
    }

    /// Records and returns a fatal error: the drained queue plus, when certificate verification is
    /// what failed, OpenSSL's reason for it (the queue alone says only "certificate verify failed").
    private func fail(_ what: String) -> HTTPServerError {
        var message = OpenSSLError.drainQueue()
        let verification = SSL_get_verify_result(ssl)
        if verification != X509_V_OK, let reason = X509_verify_cert_error_string(verification) {
            message += message.isEmpty ? "" : "; "
            message += "peer certificate: \(String(cString: reason))"
        }
        let error = HTTPServerError.tls(message.isEmpty ? what : "\(what): \(message)")
        failure = error
        return error
    }
}

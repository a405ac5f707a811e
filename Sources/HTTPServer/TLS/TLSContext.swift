import COpenSSL

/// A configured OpenSSL `SSL_CTX`: certificates, trust, versions and ciphers shared by every
/// `TLSSession` of one listener (or one client).
///
/// Build one per listener at start-up; a bad path, a key that does not match its certificate or a
/// missing CA fails here, with OpenSSL's reasons in the message, rather than at the first handshake.
// @unchecked Sendable: the SSL_CTX is mutated only inside init; afterwards OpenSSL guards its shared
// state (session cache, reference counts) with its own locks, so sessions on any loop may use it.
public final class TLSContext: @unchecked Sendable {
    /// The owned `SSL_CTX*`, freed in deinit. Sessions hold the context, so it outlives every `SSL*`.
    let pointer: OpaquePointer
    /// Whether sessions made from this context accept (server) or connect (client).
    let isServer: Bool
    /// What the context was built from; sessions read `serverName` and `isRevoked` from it.
    let configuration: TLSConfiguration

    /// Cipher suites for TLS 1.2: forward secrecy (ECDHE) and AEAD only, strongest-and-fastest first.
    /// TLS 1.3 keeps OpenSSL's default suites, which are all AEAD already.
    static let tls12Ciphers = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    /// A server context: presents `certificateChainPath`/`privateKeyPath` and, with
    /// `clientAuthentication = .require`, demands a client certificate chaining to `clientCAPath`.
    public convenience init(server configuration: TLSConfiguration) throws(HTTPServerError) {
        try self.init(configuration, isServer: true)
    }

    /// A client context: verifies the server against `trustedCAPath` (or the system store) and
    /// presents `certificateChainPath`/`privateKeyPath` when set.
    public convenience init(client configuration: TLSConfiguration) throws(HTTPServerError) {
        try self.init(configuration, isServer: false)
    }

    private init(_ configuration: TLSConfiguration, isServer: Bool) throws(HTTPServerError) {
        OpenSSLError.clearQueue()
        guard let context = SSL_CTX_new(TLS_method()) else { throw OpenSSLError.make("creating an SSL_CTX") }
        do {
            try Self.configureProtocol(context, configuration, isServer: isServer)
            try Self.configureIdentity(context, configuration, isServer: isServer)
            try Self.configureVerification(context, configuration, isServer: isServer)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        self.pointer = context
        self.isServer = isServer
        self.configuration = configuration
        if configuration.isRevoked != nil {
            // A resumed session skips certificate verification, and with it the hook: a certificate
            // revoked after its first connection could come back on a ticket. So a context that checks
            // revocation resumes nothing (no cache, no tickets); every handshake is verified in full.
            _ = shim_SSL_CTX_set_session_cache_mode(context, Int(SSL_SESS_CACHE_OFF))
            _ = SSL_CTX_set_options(context, shim_SSL_OP_NO_TICKET)
            _ = SSL_CTX_set_num_tickets(context, 0)
            // Unretained is enough: the callback runs only during a handshake of a session, and every
            // session holds this context strongly; the SSL_CTX dies in our deinit.
            SSL_CTX_set_ex_data(context, 0, Unmanaged.passUnretained(self).toOpaque())
            SSL_CTX_set_verify(context, SSL_CTX_get_verify_mode(context)) { preverified, store in
                TLSContext.verify(preverified: preverified, store: store)
            }
        }
    }

    deinit { SSL_CTX_free(pointer) }
}

extension TLSContext {
    private static func configureProtocol(_ context: OpaquePointer, _ configuration: TLSConfiguration,
                                          isServer: Bool) throws(HTTPServerError) {
        var options = shim_SSL_OP_NO_COMPRESSION | shim_SSL_OP_NO_RENEGOTIATION
        if isServer { options |= shim_SSL_OP_CIPHER_SERVER_PREFERENCE }
        _ = SSL_CTX_set_options(context, options)
        // Free OpenSSL's ~34 KiB of record buffers while a connection is idle, as nginx does: with
        // thousands of keep-alive connections that matters more than the ~7% it cost per small
        // request/response in an in-memory benchmark (3.7 vs 4.0 µs for 400 B in, 2 KB out).
        _ = shim_SSL_CTX_set_mode(context, Int(SSL_MODE_RELEASE_BUFFERS))

        if configuration.offersLegacyTLS11ForTesting {
            // OpenSSL 3.0 refuses TLS 1.1 above security level 0 (its signatures need SHA-1), so a
            // test client would fail on its own before the server could refuse it.
            guard shim_SSL_CTX_set_min_proto_version(context, TLS1_1_VERSION) == 1,
                  shim_SSL_CTX_set_max_proto_version(context, TLS1_1_VERSION) == 1,
                  SSL_CTX_set_cipher_list(context, "DEFAULT:@SECLEVEL=0") == 1 else {
                throw OpenSSLError.make("configuring TLS 1.1 for a test")
            }
            return
        }
        let lowest = configuration.minimumVersion
        guard lowest <= configuration.maximumVersion else {
            throw .tls("minimumVersion is newer than maximumVersion")
        }
        guard shim_SSL_CTX_set_min_proto_version(context, wireVersion(lowest)) == 1,
              shim_SSL_CTX_set_max_proto_version(context, wireVersion(configuration.maximumVersion)) == 1 else {
            throw OpenSSLError.make("setting the protocol versions")
        }
        guard SSL_CTX_set_cipher_list(context, tls12Ciphers) == 1 else {
            throw OpenSSLError.make("setting the TLS 1.2 cipher list")
        }
    }

    private static func wireVersion(_ version: TLSConfiguration.ProtocolVersion) -> Int32 {
        switch version {
        case .tls12: return TLS1_2_VERSION
        case .tls13: return TLS1_3_VERSION
        }
    }

    private static func configureIdentity(_ context: OpaquePointer, _ configuration: TLSConfiguration,
                                          isServer: Bool) throws(HTTPServerError) {
        switch (configuration.certificateChainPath, configuration.privateKeyPath) {
        case (nil, nil):
            if isServer { throw .tls("a TLS server needs certificateChainPath and privateKeyPath") }
        case (let certificate?, let key?):
            // An encrypted key fails to load instead of OpenSSL prompting on the terminal at start-up.
            SSL_CTX_set_default_passwd_cb(context) { _, _, _, _ in 0 }
            guard SSL_CTX_use_certificate_chain_file(context, certificate) == 1 else {
                throw OpenSSLError.make("loading certificate chain \(certificate)")
            }
            // OpenSSL 3.0 already refuses a key whose type matches the certificate but whose value
            // does not ("key values mismatch"); the explicit check below also catches a key of
            // another type (an RSA key for an EC certificate), which it would file in another slot.
            guard SSL_CTX_use_PrivateKey_file(context, key, SSL_FILETYPE_PEM) == 1,
                  SSL_CTX_check_private_key(context) == 1 else {
                throw OpenSSLError.make("private key \(key) does not match certificate \(certificate) or cannot be read")
            }
        default:
            throw .tls("certificateChainPath and privateKeyPath must be set together")
        }
    }

    private static func configureVerification(_ context: OpaquePointer, _ configuration: TLSConfiguration,
                                              isServer: Bool) throws(HTTPServerError) {
        if isServer {
            // Sessions are cached per context; OpenSSL refuses to resume a session that had a verified
            // client certificate unless the context names itself.
            let name = Array("printercare".utf8)
            _ = SSL_CTX_set_session_id_context(context, name, UInt32(name.count))
            guard configuration.clientAuthentication == .require else {
                SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
                return
            }
            guard let caPath = configuration.clientCAPath else {
                throw .tls("clientAuthentication = .require needs clientCAPath")
            }
            guard SSL_CTX_load_verify_file(context, caPath) == 1 else {
                throw OpenSSLError.make("loading client CA \(caPath)")
            }
            // Advertise the acceptable CAs in the CertificateRequest so clients with several
            // certificates pick the right one. The list belongs to the context from here on.
            guard let names = SSL_load_client_CA_file(caPath) else {
                throw OpenSSLError.make("reading CA names from \(caPath)")
            }
            SSL_CTX_set_client_CA_list(context, names)
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
        } else if configuration.skipsServerVerification {
            // Trust on first use (see TLSConfiguration.skipsServerVerification): the handshake
            // completes whatever the server presents; the caller reads peerCertificate to record it.
            SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        } else {
            if let caPath = configuration.trustedCAPath {
                guard SSL_CTX_load_verify_file(context, caPath) == 1 else {
                    throw OpenSSLError.make("loading trusted CA \(caPath)")
                }
            } else if SSL_CTX_set_default_verify_paths(context) != 1 {
                throw OpenSSLError.make("loading the system trust store")
            }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        }
    }

    /// OpenSSL's verify callback, installed only when `isRevoked` is set: after the chain verified,
    /// asks the hook about the leaf and fails the handshake with "certificate revoked" if it says so.
    /// Anything unexpected (no context, unparsable certificate) fails closed.
    private static func verify(preverified: Int32, store: OpaquePointer?) -> Int32 {
        guard preverified == 1, let store, X509_STORE_CTX_get_error_depth(store) == 0 else { return preverified }
        guard let leaf = X509_STORE_CTX_get_current_cert(store),
              let ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()),
              let sslContext = SSL_get_SSL_CTX(OpaquePointer(ssl)),
              let owner = SSL_CTX_get_ex_data(sslContext, 0) else { return 0 }
        let context = Unmanaged<TLSContext>.fromOpaque(owner).takeUnretainedValue()
        guard let isRevoked = context.configuration.isRevoked else { return 1 }
        guard let peer = try? PeerCertificate(x509: leaf), !isRevoked(peer) else {
            X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REVOKED)
            return 0
        }
        return 1
    }
}

/// How a `TLSContext` is set up: our identity, whom we trust, and what the peer must show.
///
/// One value serves both roles. A server needs `certificateChainPath` and `privateKeyPath`; with
/// `clientAuthentication = .require` it also needs `clientCAPath`. A client verifies the server
/// against `trustedCAPath` (or the system store), checks `serverName`, and may present its own
/// certificate for mutual TLS.
///
/// Fixed policy, not configurable: TLS 1.2 at least; for TLS 1.2 only ECDHE key exchange with
/// AES-GCM or ChaCha20-Poly1305, the server's preference winning; OpenSSL's TLS 1.3 suites; no
/// compression (CRIME); no renegotiation; session resumption allowed.
public struct TLSConfiguration: Sendable {
    /// Whether a server demands a client certificate.
    public enum ClientAuthentication: Sendable {
        /// No certificate is requested.
        case none
        /// A certificate chaining to `clientCAPath` is required; the handshake fails without one.
        case require
    }

    /// Protocol versions a context may negotiate; nothing older than TLS 1.2 is offered.
    public enum ProtocolVersion: Sendable, Comparable {
        case tls12
        case tls13
    }

    /// PEM file with our certificate followed by any intermediates (required for a server).
    public var certificateChainPath: String?
    /// PEM file with the private key matching the first certificate of the chain.
    public var privateKeyPath: String?

    /// Server: PEM file of the CA(s) that client certificates must chain to.
    public var clientCAPath: String?
    /// Server: whether a client certificate is required.
    public var clientAuthentication: ClientAuthentication = .none

    /// Client: PEM file of the CA(s) the server must chain to; `nil` trusts the system store.
    public var trustedCAPath: String?
    /// Client: the name sent as SNI and checked against the server certificate's subjectAltName
    /// (DNS name, wildcards allowed in the first label only, or IP literal, which is not sent as SNI).
    /// `nil` checks the chain only, so any certificate from a trusted CA is accepted: set it unless
    /// the CA issues to nobody but the server (the agent CA, for instance).
    public var serverName: String?

    /// Client: accept any server certificate (no chain or name check). Exists for one call only: the
    /// agent's enrolment over the server's self-signed web port, trust on first use. The enrolment
    /// token travels over that connection, so an active attacker on the path during that one call
    /// could take the token and hand out their own CA; the agent prints the web certificate's
    /// fingerprint for the operator to compare, and `--server-ca` verifies instead. Never for the gateway.
    public var skipsServerVerification = false

    /// Oldest version accepted.
    public var minimumVersion: ProtocolVersion = .tls12
    /// Newest version offered (lower it to test TLS 1.2 paths).
    public var maximumVersion: ProtocolVersion = .tls13

    /// Revocation check for the peer's leaf certificate; `true` fails the handshake.
    ///
    /// Consulted inside OpenSSL's verify callback, after the chain verified, so a revoked peer gets a
    /// `certificate_revoked` alert and `handshake()` returns `.failed`. Resumed sessions skip that
    /// callback, so a context with this hook turns session resumption off. Called on the loop thread
    /// during the handshake: it must be fast and must not block (look up an in-memory set).
    public var isRevoked: (@Sendable (PeerCertificate) -> Bool)?

    /// Tests only: offer TLS 1.1 (and security level 0) so a server's refusal can be observed.
    var offersLegacyTLS11ForTesting = false

    /// A server configuration presenting the given certificate chain and key.
    public init(certificateChainPath: String, privateKeyPath: String) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
    }

    /// A configuration with nothing set: fill in the fields for a client.
    public init() {}

    /// A client configuration: whom to trust, which name to expect, and optionally our own
    /// certificate for mutual TLS.
    public static func client(trustedCAPath: String? = nil, serverName: String? = nil,
                              certificateChainPath: String? = nil, privateKeyPath: String? = nil) -> TLSConfiguration {
        var configuration = TLSConfiguration()
        configuration.trustedCAPath = trustedCAPath
        configuration.serverName = serverName
        configuration.certificateChainPath = certificateChainPath
        configuration.privateKeyPath = privateKeyPath
        return configuration
    }
}

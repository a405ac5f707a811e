import Foundation
@testable import HTTPServer

/// A throwaway PKI in a temporary directory: a CA, a server certificate for localhost/127.0.0.1 and
/// a valid client certificate ("agent-7") signed by it, plus the bad client certificates the
/// rejection tests need. Removed when the value goes away.
final class TestPKI {
    let directory: String
    let caCert: String, caKey: String
    let serverCert: String, serverKey: String
    let clientCert: String, clientKey: String

    init() throws {
        directory = NSTemporaryDirectory() + "tls-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let caKeyPEM = try CertificateFactory.makePrivateKey()
        let caCertPEM = try CertificateFactory.makeCA(keyPEM: caKeyPEM, commonName: "Test CA")
        caCert = try Self.write(caCertPEM, to: directory + "/ca.crt")
        caKey = try Self.write(caKeyPEM, to: directory + "/ca.key")
        (serverCert, serverKey) = try Self.issue(directory: directory, name: "server", commonName: "localhost",
                                                 usage: .server, hostnames: ["localhost", "127.0.0.1"],
                                                 caCert: caCertPEM, caKey: caKeyPEM)
        (clientCert, clientKey) = try Self.issue(directory: directory, name: "client", commonName: "agent-7",
                                                 usage: .client, caCert: caCertPEM, caKey: caKeyPEM)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Another leaf signed by this CA, e.g. an expired one.
    func issue(_ name: String, commonName: String, usage: CertificateFactory.Usage,
               validity: CertificateFactory.Validity = .days(30)) throws -> (cert: String, key: String) {
        try Self.issue(directory: directory, name: name, commonName: commonName, usage: usage, validity: validity,
                       caCert: String(contentsOfFile: caCert, encoding: .utf8),
                       caKey: String(contentsOfFile: caKey, encoding: .utf8))
    }

    /// A client certificate from a CA that nobody here trusts.
    func foreignClient() throws -> (cert: String, key: String) {
        let key = try CertificateFactory.makePrivateKey()
        let ca = try CertificateFactory.makeCA(keyPEM: key, commonName: "Test CA")  // same name, other key
        return try Self.issue(directory: directory, name: "foreign", commonName: "agent-7", usage: .client,
                              caCert: ca, caKey: key)
    }

    /// A self-signed certificate presented as a client certificate.
    func selfSignedClient() throws -> (cert: String, key: String) {
        let key = try CertificateFactory.makePrivateKey()
        let cert = try CertificateFactory.makeSelfSigned(keyPEM: key, hostnames: ["agent-7"])
        return (try Self.write(cert, to: directory + "/self.crt"), try Self.write(key, to: directory + "/self.key"))
    }

    func serverContext(requireClientCertificate: Bool = false,
                       isRevoked: (@Sendable (PeerCertificate) -> Bool)? = nil,
                       maximumVersion: TLSConfiguration.ProtocolVersion = .tls13) throws -> TLSContext {
        var configuration = TLSConfiguration(certificateChainPath: serverCert, privateKeyPath: serverKey)
        if requireClientCertificate {
            configuration.clientCAPath = caCert
            configuration.clientAuthentication = .require
        }
        configuration.isRevoked = isRevoked
        configuration.maximumVersion = maximumVersion
        return try TLSContext(server: configuration)
    }

    func clientContext(certificate: (cert: String, key: String)? = nil, trusting ca: String? = nil,
                       serverName: String? = "localhost",
                       maximumVersion: TLSConfiguration.ProtocolVersion = .tls13) throws -> TLSContext {
        var configuration = TLSConfiguration.client(trustedCAPath: ca ?? caCert, serverName: serverName,
                                                    certificateChainPath: certificate?.cert,
                                                    privateKeyPath: certificate?.key)
        configuration.maximumVersion = maximumVersion
        return try TLSContext(client: configuration)
    }

    static func write(_ text: String, to path: String) throws -> String {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private static func issue(directory: String, name: String, commonName: String, usage: CertificateFactory.Usage,
                              hostnames: [String] = [], validity: CertificateFactory.Validity = .days(30),
                              caCert: String, caKey: String) throws -> (cert: String, key: String) {
        let key = try CertificateFactory.makePrivateKey()
        let cert = try CertificateFactory.makeSigned(keyPEM: key, commonName: commonName, usage: usage,
                                                     hostnames: hostnames, validity: validity,
                                                     caCertPEM: caCert, caKeyPEM: caKey)
        return (try write(cert, to: "\(directory)/\(name).crt"), try write(key, to: "\(directory)/\(name).key"))
    }
}

/// In-memory plumbing between a client and a server `TLSSession`, and small assertions on results.
enum TLSPump {
    /// Moves every pending ciphertext byte from one session to the other, in pieces of `chunk` bytes
    /// so records arrive split at arbitrary points.
    static func transfer(from source: TLSSession, to destination: TLSSession, chunk: Int = 1000) {
        var wire: [UInt8] = []
        source.drainOutput(into: &wire)
        var offset = 0
        while offset < wire.count {
            let end = min(offset + chunk, wire.count)
            wire[offset..<end].withUnsafeBytes { destination.feed($0) }
            offset = end
        }
    }

    /// Runs both handshakes in memory until each side is done or failed and nothing is left in flight.
    /// Returns the last step of each side; in TLS 1.3 a client may be `.done` while the server refuses it.
    static func handshake(client: TLSSession, server: TLSSession) -> (client: TLSStep, server: TLSStep) {
        var clientStep = client.handshake()
        var serverStep = TLSStep.wantIO
        for _ in 0..<20 {
            transfer(from: client, to: server)
            if serverStep == .wantIO { serverStep = server.handshake() }
            transfer(from: server, to: client)
            if clientStep == .wantIO { clientStep = client.handshake() }
            if clientStep != .wantIO && serverStep != .wantIO && !client.hasPendingOutput && !server.hasPendingOutput {
                break
            }
        }
        return (clientStep, serverStep)
    }

    /// A connected client/server pair over the given contexts, after running the handshake.
    static func connectedPair(client clientContext: TLSContext, server serverContext: TLSContext) throws
        -> (client: TLSSession, server: TLSSession, steps: (client: TLSStep, server: TLSStep)) {
        let client = try TLSSession(context: clientContext, isServer: false)
        let server = try TLSSession(context: serverContext, isServer: true)
        let steps = handshake(client: client, server: server)
        return (client, server, steps)
    }

    /// Whether a step or read result failed with a message containing `text`.
    static func failed(_ step: TLSStep, containing text: String = "") -> Bool {
        if case .failed(.tls(let message)) = step { return text.isEmpty || message.contains(text) }
        return false
    }

    static func failed(_ result: TLSReadResult, containing text: String = "") -> Bool {
        if case .failed(.tls(let message)) = result { return text.isEmpty || message.contains(text) }
        return false
    }

    /// Random bytes for payloads.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}

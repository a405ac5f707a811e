import AgentGateway
import Foundation
import HTTPServer

/// The certificates `serve` needs: a self-signed web certificate made on first start, and the
/// gateway's: a server certificate signed by the agent CA (so agents trust only that CA), made anew
/// at each start, with client certificates verified against the same CA.
struct TLSSetup {
    let dataDirectory: String

    func webContext() throws -> TLSContext {
        let files = try CertificateFactory.ensureSelfSigned(directory: dataDirectory, hostnames: ["localhost", "127.0.0.1"])
        return try TLSContext(server: TLSConfiguration(certificateChainPath: files.certificatePath, privateKeyPath: files.keyPath))
    }

    func gatewayContext(authority: AgentAuthority, hostnames: [String],
                        isRevoked: @escaping @Sendable (PeerCertificate) -> Bool) throws -> TLSContext {
        let folder = dataDirectory + "/tls"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let made = try authority.gatewayCertificate(hostnames: hostnames)
        try FileWriting.atomically(made.key, to: folder + "/gateway.key", mode: 0o600)
        try FileWriting.atomically(made.certificate, to: folder + "/gateway.crt", mode: 0o644)
        try FileWriting.atomically(authority.certificatePEM, to: folder + "/agent-ca.crt", mode: 0o644)
        var configuration = TLSConfiguration(certificateChainPath: folder + "/gateway.crt", privateKeyPath: folder + "/gateway.key")
        configuration.clientCAPath = folder + "/agent-ca.crt"
        configuration.clientAuthentication = .require
        configuration.isRevoked = isRevoked
        return try TLSContext(server: configuration)
    }
}

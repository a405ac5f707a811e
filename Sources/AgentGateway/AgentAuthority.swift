import Foundation
import HTTPServer
import Store

/// The installation's agent CA in memory: signs agent certificates at enrolment and renewal, and the
/// gateway's own server certificate (so an agent trusts exactly this CA, nothing else). The CA lives
/// in the database with its key encrypted by the server secret (`AgentCAStore`).
public struct AgentAuthority: Sendable {
    public let certificatePEM: String
    let keyPEM: String
    /// Lifetime of an agent certificate. Short, so a stolen one dies soon; the agent renews it when a
    /// third of it is left.
    public let agentValidity: CertificateFactory.Validity

    public init(certificatePEM: String, keyPEM: String, agentValidityDays: Int = 30) {
        self.certificatePEM = certificatePEM
        self.keyPEM = keyPEM
        agentValidity = .days(agentValidityDays)
    }

    /// Loads the CA from the database, making and storing one on the installation's first start.
    public static func load(database: Database, secret: String) async throws -> AgentAuthority {
        let stored = try await AgentCAStore(database: database).loadOrCreate {
            let key = try CertificateFactory.makePrivateKey()
            let certificate = try CertificateFactory.makeCA(keyPEM: key, commonName: "PrinterCare Agent CA")
            return (certificate, try CertificateFactory.encryptKey(key, passphrase: secret))
        }
        let key = try CertificateFactory.decryptKey(stored.encryptedKey, passphrase: secret)
        return AgentAuthority(certificatePEM: stored.certificate, keyPEM: key)
    }

    /// Signs an agent's CSR (its self-signature is checked; only its public key is used). The
    /// certificate names the agent (`agent-<id>`); the serial is what the gateway looks up.
    public func sign(csrPEM: String, agentID: Int64) throws(HTTPServerError) -> IssuedCertificate {
        let pem = try CertificateFactory.signCSR(csrPEM: csrPEM, caCertPEM: certificatePEM, caKeyPEM: keyPEM,
                                                 validity: agentValidity, usage: .client, commonName: "agent-\(agentID)")
        let parsed = try PeerCertificate(pem: pem)
        return IssuedCertificate(serial: parsed.serialNumberHex, notAfter: Date(timeIntervalSince1970: TimeInterval(parsed.notAfter)), pem: pem)
    }

    /// A server certificate for the gateway listener, signed by this CA, for `hostnames`.
    public func gatewayCertificate(hostnames: [String]) throws(HTTPServerError) -> (certificate: String, key: String) {
        let key = try CertificateFactory.makePrivateKey()
        let certificate = try CertificateFactory.makeSigned(keyPEM: key, commonName: "PrinterCare gateway", usage: .server,
                                                            hostnames: hostnames, validity: .days(397),
                                                            caCertPEM: certificatePEM, caKeyPEM: keyPEM)
        return (certificate, key)
    }
}

import Foundation
import Testing
@testable import HTTPServer

/// Certificates made by `CertificateFactory`, parsed back with `PeerCertificate` and used in handshakes.
@Suite struct CertificateFactoryTests {
    private let now = Int64(Date().timeIntervalSince1970)

    @Test func selfSignedServerCertificateHasTheRequestedFields() throws {
        let key = try CertificateFactory.makePrivateKey()
        #expect(key.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let pem = try CertificateFactory.makeSelfSigned(keyPEM: key, hostnames: ["printers.example.com", "localhost",
                                                                                 "192.168.1.10", "::1"])
        let certificate = try PeerCertificate(pem: pem)
        #expect(certificate.commonName == "printers.example.com")
        #expect(certificate.subject == "CN=printers.example.com")
        #expect(certificate.issuer == certificate.subject)
        #expect(certificate.dnsNames == ["printers.example.com", "localhost"])
        #expect(certificate.ipAddresses == ["192.168.1.10", "::1"])
        #expect(!certificate.isCertificateAuthority)
        #expect(abs(certificate.notBefore - (now - 3600)) < 60)
        #expect(abs(certificate.notAfter - (now + 825 * 86_400)) < 60)
        #expect(certificate.serialNumberHex.count == 32)
        #expect(certificate.sha256Fingerprint.count == 64)
        #expect(certificate.sha256Fingerprint == PeerCertificate.hex(PeerCertificate.sha256(certificate.der)))
        #expect(try PeerCertificate(der: certificate.der) == certificate)
    }

    @Test func serialNumbersAreRandom() throws {
        let key = try CertificateFactory.makePrivateKey()
        let serials = try (0..<5).map { _ in
            try PeerCertificate(pem: CertificateFactory.makeSelfSigned(keyPEM: key, hostnames: ["a.test"])).serialNumberHex
        }
        #expect(Set(serials).count == 5)
    }

    @Test func pastValidityMakesAnExpiredCertificate() throws {
        let key = try CertificateFactory.makePrivateKey()
        let pem = try CertificateFactory.makeSelfSigned(keyPEM: key, hostnames: ["old.test"],
                                                        validity: .init(notBeforeOffset: -10 * 86_400,
                                                                        notAfterOffset: -86_400))
        let certificate = try PeerCertificate(pem: pem)
        #expect(certificate.notAfter < now)
        #expect(abs(certificate.notBefore - (now - 10 * 86_400)) < 60)
    }

    @Test func caAndSignedLeafChainTogether() throws {
        let caKey = try CertificateFactory.makePrivateKey(.p384)
        let caPEM = try CertificateFactory.makeCA(keyPEM: caKey, commonName: "PrinterCare Agent CA")
        let ca = try PeerCertificate(pem: caPEM)
        #expect(ca.isCertificateAuthority)
        #expect(ca.commonName == "PrinterCare Agent CA")
        #expect(abs(ca.notAfter - (now + 3650 * 86_400)) < 60)

        let leafKey = try CertificateFactory.makePrivateKey(.rsa(bits: 2048))
        let leaf = try PeerCertificate(pem: CertificateFactory.makeSigned(
            keyPEM: leafKey, commonName: "agent-42", usage: .client, hostnames: ["agent-42.local"],
            validity: .days(7), caCertPEM: caPEM, caKeyPEM: caKey))
        #expect(leaf.commonName == "agent-42")
        #expect(leaf.issuer == ca.subject)
        #expect(leaf.dnsNames == ["agent-42.local"])
        #expect(!leaf.isCertificateAuthority)
        #expect(abs(leaf.notAfter - (now + 7 * 86_400)) < 60)
    }

    @Test func signingRefusesAMismatchedCAKeyOrANonCA() throws {
        let caKey = try CertificateFactory.makePrivateKey()
        let caPEM = try CertificateFactory.makeCA(keyPEM: caKey, commonName: "CA")
        let key = try CertificateFactory.makePrivateKey()
        #expect(throws: HTTPServerError.self) {
            try CertificateFactory.makeSigned(keyPEM: key, commonName: "x", usage: .client, caCertPEM: caPEM, caKeyPEM: key)
        }
        let notCA = try CertificateFactory.makeSelfSigned(keyPEM: caKey, hostnames: ["leaf.test"])
        #expect(throws: HTTPServerError.tls("the issuing certificate is not a CA")) {
            try CertificateFactory.makeSigned(keyPEM: key, commonName: "x", usage: .client, caCertPEM: notCA, caKeyPEM: caKey)
        }
    }

    @Test func hostnamesThatCouldInjectExtensionSyntaxAreRefused() throws {
        let key = try CertificateFactory.makePrivateKey()
        for bad in ["a.test,DNS:evil.test", "evil.test:443", "", "-bad.test", "sp ace.test"] {
            #expect(throws: HTTPServerError.self) { try CertificateFactory.makeSelfSigned(keyPEM: key, hostnames: [bad]) }
        }
        #expect(throws: HTTPServerError.self) { try CertificateFactory.makeSelfSigned(keyPEM: key, hostnames: []) }
        let wildcard = try PeerCertificate(pem: CertificateFactory.makeSelfSigned(keyPEM: key, hostnames: ["*.example.com"]))
        #expect(wildcard.dnsNames == ["*.example.com"])
    }

    @Test func garbageInputIsAnErrorNotACrash() throws {
        #expect(throws: HTTPServerError.self) { try PeerCertificate(pem: "not a certificate") }
        #expect(throws: HTTPServerError.self) { try PeerCertificate(der: [0x30, 0x03, 0x01]) }
        #expect(throws: HTTPServerError.self) { try CertificateFactory.makeCA(keyPEM: "nope", commonName: "CA") }
        #expect(throws: HTTPServerError.self) { try CertificateFactory.makePrivateKey(.rsa(bits: 1024)) }
    }

    @Test func csrRoundTripGivesAWorkingClientCertificate() throws {
        let pki = try TestPKI()
        let caCert = try String(contentsOfFile: pki.caCert, encoding: .utf8)
        let caKey = try String(contentsOfFile: pki.caKey, encoding: .utf8)
        let agentKey = try CertificateFactory.makePrivateKey()
        let csr = try CertificateFactory.makeCSR(keyPEM: agentKey, commonName: "agent-99")
        #expect(csr.hasPrefix("-----BEGIN CERTIFICATE REQUEST-----"))
        let signed = try CertificateFactory.signCSR(csrPEM: csr, caCertPEM: caCert, caKeyPEM: caKey, validity: .days(90))
        let certificate = try PeerCertificate(pem: signed)
        #expect(certificate.commonName == "agent-99")
        #expect(certificate.issuer == "CN=Test CA")

        let renamed = try CertificateFactory.signCSR(csrPEM: csr, caCertPEM: caCert, caKeyPEM: caKey,
                                                     commonName: "agent-100")
        #expect(try PeerCertificate(pem: renamed).commonName == "agent-100")

        // The certificate belongs to the agent's key: a mutual-TLS handshake with the pair succeeds.
        let files = (try TestPKI.write(signed, to: pki.directory + "/agent.crt"),
                     try TestPKI.write(agentKey, to: pki.directory + "/agent.key"))
        let pair = try TLSPump.connectedPair(client: pki.clientContext(certificate: files),
                                     server: pki.serverContext(requireClientCertificate: true))
        #expect(pair.steps.server == .done)
        #expect(pair.server.peerCertificate?.commonName == "agent-99")
    }

    @Test func tamperedCSRIsRefused() throws {
        let caKey = try CertificateFactory.makePrivateKey()
        let caCert = try CertificateFactory.makeCA(keyPEM: caKey, commonName: "CA")
        let csr = try CertificateFactory.makeCSR(keyPEM: CertificateFactory.makePrivateKey(), commonName: "agent-1")
        // Rename the subject inside the signed part: same length, so the DER stays well formed.
        var der = try #require(Data(base64Encoded: csr.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()))
        let name = Data("agent-1".utf8)
        let range = try #require(der.range(of: name))
        der.replaceSubrange(range, with: Data("admin-1".utf8))
        let tampered = "-----BEGIN CERTIFICATE REQUEST-----\n"
            + der.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
            + "\n-----END CERTIFICATE REQUEST-----\n"
        #expect(throws: HTTPServerError.self) {
            try CertificateFactory.signCSR(csrPEM: tampered, caCertPEM: caCert, caKeyPEM: caKey)
        }
        do {
            _ = try CertificateFactory.signCSR(csrPEM: tampered, caCertPEM: caCert, caKeyPEM: caKey)
        } catch {
            #expect(error == .tls("the CSR's signature does not verify") || "\(error)".contains("does not verify"))
        }
    }

    @Test func ensureSelfSignedCreatesOnceThenReuses() throws {
        let directory = NSTemporaryDirectory() + "ensure-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try CertificateFactory.ensureSelfSigned(directory: directory, hostnames: ["localhost", "127.0.0.1"])
        #expect(first.certificatePath == directory + "/tls/server.crt")
        #expect(first.keyPath == directory + "/tls/server.key")
        let attributes = try FileManager.default.attributesOfItem(atPath: first.keyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let certificate = try String(contentsOfFile: first.certificatePath, encoding: .utf8)
        let key = try String(contentsOfFile: first.keyPath, encoding: .utf8)
        #expect(try PeerCertificate(pem: certificate).ipAddresses == ["127.0.0.1"])

        let second = try CertificateFactory.ensureSelfSigned(directory: directory, hostnames: ["other.test"])
        #expect(second == first)
        #expect(try String(contentsOfFile: second.certificatePath, encoding: .utf8) == certificate)
        #expect(try String(contentsOfFile: second.keyPath, encoding: .utf8) == key)

        // The pair serves TLS as is.
        let context = try TLSContext(server: TLSConfiguration(certificateChainPath: first.certificatePath,
                                                              privateKeyPath: first.keyPath))
        let client = try TLSContext(client: .client(trustedCAPath: first.certificatePath, serverName: "localhost"))
        #expect(try TLSPump.connectedPair(client: client, server: context).steps == (.done, .done))

        // A half-written pair (key lost) is replaced as a whole.
        try FileManager.default.removeItem(atPath: first.keyPath)
        _ = try CertificateFactory.ensureSelfSigned(directory: directory, hostnames: ["localhost"])
        #expect(try String(contentsOfFile: first.certificatePath, encoding: .utf8) != certificate)
    }

    /// The agent CA's key at rest: encrypted with the server secret, back only with the same secret.
    @Test func keysEncryptAndDecryptOnlyWithTheirPassphrase() throws {
        let key = try CertificateFactory.makePrivateKey()
        let sealed = try CertificateFactory.encryptKey(key, passphrase: "server secret")
        #expect(sealed.contains("BEGIN ENCRYPTED PRIVATE KEY"))
        #expect(!sealed.contains(key))
        let opened = try CertificateFactory.decryptKey(sealed, passphrase: "server secret")
        // The same key: a CA made with either signs identically verifiable certificates.
        let ca = try CertificateFactory.makeCA(keyPEM: opened, commonName: "Test CA")
        let leafKey = try CertificateFactory.makePrivateKey()
        let csr = try CertificateFactory.makeCSR(keyPEM: leafKey, commonName: "leaf")
        #expect(throws: Never.self) { try CertificateFactory.signCSR(csrPEM: csr, caCertPEM: ca, caKeyPEM: key) }
        #expect(throws: HTTPServerError.self) { try CertificateFactory.decryptKey(sealed, passphrase: "wrong secret") }
        #expect(throws: HTTPServerError.self) { try CertificateFactory.encryptKey(key, passphrase: "") }
    }
}

import Foundation
import Testing
@testable import HTTPServer

/// Real OpenSSL handshakes between two `TLSSession`s, pumped in memory (and once over a socketpair).
@Suite struct TLSSessionTests {
    @Test(arguments: [TLSConfiguration.ProtocolVersion.tls12, .tls13])
    func handshakeThenLargePayloadsBothWays(version: TLSConfiguration.ProtocolVersion) throws {
        let pki = try TestPKI()
        let pair = try TLSPump.connectedPair(client: pki.clientContext(maximumVersion: version), server: pki.serverContext())
        #expect(pair.steps.client == .done)
        #expect(pair.steps.server == .done)
        #expect(pair.client.negotiatedProtocol == (version == .tls12 ? "TLSv1.2" : "TLSv1.3"))
        #expect(pair.server.negotiatedCipher == pair.client.negotiatedCipher)
        if version == .tls12 { #expect(pair.server.negotiatedCipher.hasPrefix("ECDHE-")) }
        #expect(pair.client.peerCertificate?.commonName == "localhost")
        #expect(pair.server.peerCertificate == nil)  // no client certificate was asked for

        for (sender, receiver) in [(pair.client, pair.server), (pair.server, pair.client)] {
            let payload = TLSPump.randomBytes(300_000)  // many 16 KiB records, fed in 1000-byte pieces
            try payload.withUnsafeBytes { try sender.write($0) }
            var received: [UInt8] = []
            var wire: [UInt8] = []
            sender.drainOutput(into: &wire)
            #expect(wire.count > payload.count)
            var offset = 0
            while offset < wire.count {
                let end = min(offset + 777, wire.count)
                wire[offset..<end].withUnsafeBytes { receiver.feed($0) }
                guard case .ok = receiver.read(into: &received) else { Issue.record("read failed"); return }
                offset = end
            }
            #expect(received == payload)
        }

        // Large drains replace the write BIO; the stream carries on over the new one.
        try Array("after".utf8).withUnsafeBytes { try pair.server.write($0) }
        TLSPump.transfer(from: pair.server, to: pair.client)
        var tail: [UInt8] = []
        #expect(pair.client.read(into: &tail) == .ok(5))
        #expect(String(decoding: tail, as: UTF8.self) == "after")
    }

    @Test func tls12ServerHasItsFinishedToFlushWhenTheHandshakeCompletes() throws {
        let pki = try TestPKI()
        let client = try TLSSession(context: pki.clientContext(maximumVersion: .tls12), isServer: false)
        let server = try TLSSession(context: pki.serverContext(), isServer: true)
        var serverStep = TLSStep.wantIO
        while serverStep == .wantIO {
            #expect(client.handshake() == .wantIO)
            TLSPump.transfer(from: client, to: server)
            serverStep = server.handshake()
            if serverStep == .wantIO { TLSPump.transfer(from: server, to: client) }
        }
        #expect(serverStep == .done)
        // The loop must flush now: a TLS 1.2 client sends its request only after this flight.
        #expect(server.hasPendingOutput)
        TLSPump.transfer(from: server, to: client)
        #expect(client.handshake() == .done)
    }

    @Test func clientOfferingOnlyTLS11IsRefused() throws {
        let pki = try TestPKI()
        var configuration = TLSConfiguration.client(trustedCAPath: pki.caCert, serverName: "localhost")
        configuration.offersLegacyTLS11ForTesting = true
        let pair = try TLSPump.connectedPair(client: TLSContext(client: configuration), server: pki.serverContext())
        #expect(TLSPump.failed(pair.steps.server, containing: "unsupported protocol"))
        #expect(TLSPump.failed(pair.steps.client, containing: "protocol version"))  // the server's alert
    }

    @Test(arguments: [TLSConfiguration.ProtocolVersion.tls12, .tls13])
    func clientCertificateSignedByTheCAIsAccepted(version: TLSConfiguration.ProtocolVersion) throws {
        let pki = try TestPKI()
        let pair = try TLSPump.connectedPair(
            client: pki.clientContext(certificate: (pki.clientCert, pki.clientKey), maximumVersion: version),
            server: pki.serverContext(requireClientCertificate: true))
        #expect(pair.steps.client == .done)
        #expect(pair.steps.server == .done)
        let expected = try PeerCertificate(pem: String(contentsOfFile: pki.clientCert, encoding: .utf8))
        let peer = try #require(pair.server.peerCertificate)
        #expect(peer.commonName == "agent-7")
        #expect(peer.serialNumberHex == expected.serialNumberHex)
        #expect(peer.serialNumberHex.count == 32)
        #expect(peer.sha256Fingerprint == expected.sha256Fingerprint)
        #expect(peer.issuer == "CN=Test CA")
        #expect(peer == expected)
    }

    @Test(arguments: [TLSConfiguration.ProtocolVersion.tls12, .tls13])
    func missingClientCertificateFails(version: TLSConfiguration.ProtocolVersion) throws {
        let pki = try TestPKI()
        let pair = try TLSPump.connectedPair(client: pki.clientContext(maximumVersion: version),
                                     server: pki.serverContext(requireClientCertificate: true))
        #expect(TLSPump.failed(pair.steps.server, containing: "peer did not return a certificate"))
        try expectClientLearnsOfRefusal(pair.client, step: pair.steps.client)
    }

    @Test func clientCertificateFromAForeignCAFails() throws {
        let pki = try TestPKI()
        let pair = try TLSPump.connectedPair(client: pki.clientContext(certificate: pki.foreignClient()),
                                     server: pki.serverContext(requireClientCertificate: true))
        #expect(TLSPump.failed(pair.steps.server, containing: "certificate verify failed"))
        try expectClientLearnsOfRefusal(pair.client, step: pair.steps.client)
    }

    @Test func expiredClientCertificateFails() throws {
        let pki = try TestPKI()
        let expired = try pki.issue("expired", commonName: "agent-7", usage: .client,
                                    validity: .init(notBeforeOffset: -30 * 86_400, notAfterOffset: -86_400))
        let pair = try TLSPump.connectedPair(client: pki.clientContext(certificate: expired),
                                     server: pki.serverContext(requireClientCertificate: true))
        #expect(TLSPump.failed(pair.steps.server, containing: "certificate has expired"))
        try expectClientLearnsOfRefusal(pair.client, step: pair.steps.client)
    }

    @Test func selfSignedClientCertificateFails() throws {
        let pki = try TestPKI()
        let pair = try TLSPump.connectedPair(client: pki.clientContext(certificate: pki.selfSignedClient()),
                                     server: pki.serverContext(requireClientCertificate: true))
        #expect(TLSPump.failed(pair.steps.server, containing: "self-signed certificate"))
        try expectClientLearnsOfRefusal(pair.client, step: pair.steps.client)
    }

    @Test func serverCertificateUsedAsClientCertificateFails() throws {
        let pki = try TestPKI()
        let pair = try TLSPump.connectedPair(client: pki.clientContext(certificate: (pki.serverCert, pki.serverKey)),
                                     server: pki.serverContext(requireClientCertificate: true))
        #expect(TLSPump.failed(pair.steps.server, containing: "unsuitable certificate purpose"))
    }

    @Test(arguments: [TLSConfiguration.ProtocolVersion.tls12, .tls13])
    func revokedClientCertificateFails(version: TLSConfiguration.ProtocolVersion) throws {
        let pki = try TestPKI()
        let revokedSerial = try PeerCertificate(pem: String(contentsOfFile: pki.clientCert, encoding: .utf8)).serialNumberHex
        let server = try pki.serverContext(requireClientCertificate: true,
                                           isRevoked: { $0.serialNumberHex == revokedSerial },
                                           maximumVersion: version)
        let revoked = try TLSPump.connectedPair(client: pki.clientContext(certificate: (pki.clientCert, pki.clientKey)),
                                        server: server)
        #expect(TLSPump.failed(revoked.steps.server, containing: "certificate revoked"))
        try expectClientLearnsOfRefusal(revoked.client, step: revoked.steps.client)

        // The same server still accepts another certificate from the CA.
        let other = try pki.issue("other", commonName: "agent-8", usage: .client)
        let accepted = try TLSPump.connectedPair(client: pki.clientContext(certificate: other), server: server)
        #expect(accepted.steps.server == .done)
        #expect(accepted.server.peerCertificate?.commonName == "agent-8")
    }

    @Test func revocationHookAlsoGuardsTheClientSide() throws {
        let pki = try TestPKI()
        var configuration = TLSConfiguration.client(trustedCAPath: pki.caCert, serverName: "localhost")
        configuration.isRevoked = { $0.commonName == "localhost" }
        let pair = try TLSPump.connectedPair(client: TLSContext(client: configuration), server: pki.serverContext())
        #expect(TLSPump.failed(pair.steps.client, containing: "certificate revoked"))
    }

    @Test func serverFromAnotherCAIsRejected() throws {
        let pki = try TestPKI()
        let other = try TestPKI()
        let pair = try TLSPump.connectedPair(client: pki.clientContext(trusting: other.caCert), server: pki.serverContext())
        #expect(TLSPump.failed(pair.steps.client, containing: "unable to get local issuer certificate"))
        #expect(TLSPump.failed(pair.steps.server, containing: "alert unknown ca"))
    }

    @Test func serverNameMismatchIsRejected() throws {
        let pki = try TestPKI()
        let pair = try TLSPump.connectedPair(client: pki.clientContext(serverName: "printers.example.com"),
                                     server: pki.serverContext())
        #expect(TLSPump.failed(pair.steps.client, containing: "hostname mismatch"))
    }

    @Test func serverNamedByIPAddressIsCheckedAgainstIPEntries() throws {
        let pki = try TestPKI()
        let good = try TLSPump.connectedPair(client: pki.clientContext(serverName: "127.0.0.1"), server: pki.serverContext())
        #expect(good.steps.client == .done)
        let bad = try TLSPump.connectedPair(client: pki.clientContext(serverName: "10.0.0.1"), server: pki.serverContext())
        #expect(TLSPump.failed(bad.steps.client, containing: "IP address mismatch"))
    }

    @Test func garbageFedToAServerFailsCleanly() throws {
        let pki = try TestPKI()
        let server = try TLSSession(context: pki.serverContext(), isServer: true)
        Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8).withUnsafeBytes { server.feed($0) }
        #expect(TLSPump.failed(server.handshake(), containing: "wrong version number")
                || TLSPump.failed(server.handshake(), containing: "http request"))
        #expect(TLSPump.failed(server.handshake()))  // stays failed
        var plaintext: [UInt8] = []
        #expect(TLSPump.failed(server.read(into: &plaintext)))
        #expect(throws: HTTPServerError.self) { try [1, 2, 3].withUnsafeBytes { try server.write($0) } }
    }

    @Test func randomGarbageAfterTheHandshakeFailsTheRead() throws {
        let pki = try TestPKI()
        let pair = try TLSPump.connectedPair(client: pki.clientContext(), server: pki.serverContext())
        // A well-formed application-data record header followed by bytes that will not authenticate.
        let record: [UInt8] = [0x17, 0x03, 0x03, 0x00, 0x40] + TLSPump.randomBytes(0x40)
        record.withUnsafeBytes { pair.server.feed($0) }
        var plaintext: [UInt8] = []
        #expect(TLSPump.failed(pair.server.read(into: &plaintext)))
        #expect(plaintext.isEmpty)
        #expect(pair.server.hasPendingOutput)  // the bad_record_mac alert for the peer
    }

    @Test func closeNotifyEndsTheStreamAfterTheDataBeforeIt() throws {
        let pki = try TestPKI()
        let pair = try TLSPump.connectedPair(client: pki.clientContext(), server: pki.serverContext())
        try Array("last words".utf8).withUnsafeBytes { try pair.client.write($0) }
        pair.client.shutdown()
        TLSPump.transfer(from: pair.client, to: pair.server)
        var plaintext: [UInt8] = []
        #expect(pair.server.read(into: &plaintext) == .ok(10))
        #expect(String(decoding: plaintext, as: UTF8.self) == "last words")
        #expect(pair.server.read(into: &plaintext) == .closed)
        #expect(pair.server.read(into: &plaintext) == .closed)

        pair.server.shutdown()
        TLSPump.transfer(from: pair.server, to: pair.client)
        #expect(pair.client.read(into: &plaintext) == .closed)
    }

    @Test func readWithNothingFedReturnsZero() throws {
        let pki = try TestPKI()
        let pair = try TLSPump.connectedPair(client: pki.clientContext(), server: pki.serverContext())
        var plaintext: [UInt8] = []
        #expect(pair.server.read(into: &plaintext) == .ok(0))
        #expect(pair.client.read(into: &plaintext) == .ok(0))
    }

    @Test func writingBeforeTheHandshakeIsRefused() throws {
        let pki = try TestPKI()
        let client = try TLSSession(context: pki.clientContext(), isServer: false)
        #expect(throws: HTTPServerError.tls("write before the TLS handshake finished")) {
            try [1].withUnsafeBytes { try client.write($0) }
        }
    }

    @Test func contextsRefuseBadConfigurations() throws {
        let pki = try TestPKI()
        let otherKey = try TestPKI.write(CertificateFactory.makePrivateKey(), to: pki.directory + "/other.key")
        #expect(throws: HTTPServerError.self) {
            try TLSContext(server: TLSConfiguration(certificateChainPath: pki.serverCert, privateKeyPath: otherKey))
        }
        do {
            _ = try TLSContext(server: TLSConfiguration(certificateChainPath: pki.serverCert, privateKeyPath: otherKey))
        } catch {
            guard case .tls(let message) = error else { throw error }
            #expect(message.contains("does not match certificate"))
            #expect(message.contains("key values mismatch"))
        }
        let rsaKey = try TestPKI.write(CertificateFactory.makePrivateKey(.rsa(bits: 2048)), to: pki.directory + "/rsa.key")
        #expect(throws: HTTPServerError.self) {  // a key of another type, which OpenSSL files in another slot
            try TLSContext(server: TLSConfiguration(certificateChainPath: pki.serverCert, privateKeyPath: rsaKey))
        }
        #expect(throws: HTTPServerError.self) {
            try TLSContext(server: TLSConfiguration(certificateChainPath: pki.directory + "/missing.crt",
                                                    privateKeyPath: pki.serverKey))
        }
        #expect(throws: HTTPServerError.tls("a TLS server needs certificateChainPath and privateKeyPath")) {
            try TLSContext(server: TLSConfiguration())
        }
        var noCA = TLSConfiguration(certificateChainPath: pki.serverCert, privateKeyPath: pki.serverKey)
        noCA.clientAuthentication = .require
        #expect(throws: HTTPServerError.tls("clientAuthentication = .require needs clientCAPath")) {
            try TLSContext(server: noCA)
        }
        #expect(throws: HTTPServerError.self) { try TLSSession(context: pki.serverContext(), isServer: false) }
    }

    @Test func handshakeAndEchoOverASocketPair() throws {
        let pki = try TestPKI()
        let serverContext = try pki.serverContext(requireClientCertificate: true)
        let clientContext = try pki.clientContext(certificate: (pki.clientCert, pki.clientKey))
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        let payload = TLSPump.randomBytes(200_000)
        let serverDone = DispatchSemaphore(value: 0)
        let serverFD = fds[1]
        let serverThread = Thread {
            defer { close(serverFD); serverDone.signal() }
            guard let session = try? TLSSession(context: serverContext, isServer: true) else { return }
            let channel = BlockingTLSChannel(fd: serverFD, session: session)
            guard channel.handshake(), session.peerCertificate?.commonName == "agent-7",
                  let request = channel.receive(count: payload.count) else { return }
            channel.send(request)  // echo
            session.shutdown()
            channel.flush()
        }
        serverThread.start()
        // Close our end before waiting, so a server stuck in read() sees EOF if this side gave up early.
        defer { close(fds[0]); serverDone.wait() }
        let channel = BlockingTLSChannel(fd: fds[0], session: try TLSSession(context: clientContext, isServer: false))
        #expect(channel.handshake())
        channel.send(payload)
        #expect(channel.receive(count: payload.count) == payload)
        #expect(channel.receive(count: 1) == nil)  // close_notify, then EOF
        #expect(channel.sawCloseNotify)
    }

    /// After a refusal the TLS 1.2 client fails in the handshake; a TLS 1.3 client has already
    /// finished its side and learns of the server's alert at its next read.
    private func expectClientLearnsOfRefusal(_ client: TLSSession, step: TLSStep) throws {
        if step == .done {
            var plaintext: [UInt8] = []
            #expect(TLSPump.failed(client.read(into: &plaintext), containing: "alert"))
        } else {
            #expect(TLSPump.failed(step, containing: "alert"))
        }
    }
}

/// A TLS session over a blocking socket, the way a thread-per-connection client would drive it.
final class BlockingTLSChannel {
    let fd: Int32
    let session: TLSSession
    var plaintext: [UInt8] = []
    var sawCloseNotify = false
    private var wire: [UInt8] = []

    init(fd: Int32, session: TLSSession) {
        self.fd = fd
        self.session = session
    }

    func handshake() -> Bool {
        while true {
            let step = session.handshake()
            flush()
            switch step {
            case .done: return true
            case .failed: return false
            case .wantIO: guard readOnce() else { return false }
            }
        }
    }

    func send(_ bytes: [UInt8]) {
        do { try bytes.withUnsafeBytes { try session.write($0) } } catch { return }
        flush()
    }

    /// Exactly `count` plaintext bytes, or nil if the stream ended first.
    func receive(count: Int) -> [UInt8]? {
        while plaintext.count < count {
            switch session.read(into: &plaintext) {
            case .ok: break
            case .closed: sawCloseNotify = true; return nil
            case .failed: return nil
            }
            flush()
            if plaintext.count >= count { break }
            guard readOnce() else { return nil }
        }
        defer { plaintext.removeFirst(count) }
        return Array(plaintext[0..<count])
    }

    func flush() {
        wire.removeAll(keepingCapacity: true)
        session.drainOutput(into: &wire)
        var offset = 0
        while offset < wire.count {
            let written = wire.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            guard written > 0 else { return }
            offset += written
        }
    }

    private func readOnce() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return false }
        buffer[0..<count].withUnsafeBytes { session.feed($0) }
        return true
    }
}

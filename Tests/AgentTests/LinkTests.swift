import FleetCore
import Foundation
import HTTPServer
import SNMP
import Synchronization
import Testing
import TestSupport
@testable import Agent

/// `AgentRunner` against a stand-in gateway (our own `Server` with mutual TLS, in process): commands
/// in, one upload per command out, the spool emptied only by 200s, and results made while the gateway
/// was away delivered later with their original times. The real gateway is tested end to end elsewhere.
@Suite struct LinkTests {
    /// A CA, a gateway certificate and an enrolled agent state directory, all removed afterwards.
    final class Installation {
        let directory = NSTemporaryDirectory() + "link-tests-" + UUID().uuidString
        let state: AgentState
        let serverContext: TLSContext
        let caPEM: String
        let caKeyPEM: String

        /// `agentValidity`: the agent certificate's window (a test of renewal makes it mostly spent).
        init(agentValidity: CertificateFactory.Validity = .days(825)) throws {
            try FileManager.default.createDirectory(atPath: directory + "/gateway", withIntermediateDirectories: true)
            let caKey = try CertificateFactory.makePrivateKey()
            let ca = try CertificateFactory.makeCA(keyPEM: caKey, commonName: "Test agent CA")
            caPEM = ca
            caKeyPEM = caKey
            let gatewayKey = try CertificateFactory.makePrivateKey()
            let gateway = try CertificateFactory.makeSigned(keyPEM: gatewayKey, commonName: "gateway", usage: .server,
                                                            hostnames: ["127.0.0.1"], caCertPEM: ca, caKeyPEM: caKey)
            for (name, text) in [("ca.crt", ca), ("gateway.crt", gateway), ("gateway.key", gatewayKey)] {
                try text.write(toFile: directory + "/gateway/" + name, atomically: true, encoding: .utf8)
            }
            var configuration = TLSConfiguration(certificateChainPath: directory + "/gateway/gateway.crt",
                                                 privateKeyPath: directory + "/gateway/gateway.key")
            configuration.clientCAPath = directory + "/gateway/ca.crt"
            configuration.clientAuthentication = .require
            serverContext = try TLSContext(server: configuration)

            state = AgentState(directory: directory + "/agent")
            try state.prepare()
            let agentKey = try CertificateFactory.makePrivateKey()
            let csr = try CertificateFactory.makeCSR(keyPEM: agentKey, commonName: "agent-test")
            try state.saveKey(agentKey)
            try state.saveCertificate(try CertificateFactory.signCSR(csrPEM: csr, caCertPEM: ca, caKeyPEM: caKey, validity: agentValidity))
            try state.saveCA(ca)
        }

        func enrol(gatewayPort: Int) throws {
            try state.saveServer(ServerInfo(host: "127.0.0.1", gatewayPort: gatewayPort, agentID: 3, organizationID: 1))
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// What the stand-in gateway saw.
    final class Gateway: Sendable {
        struct Seen: Sendable {
            var pending: [AgentCommandMessage] = []
            var uploads: [AgentUpload] = []
            var polls: [String] = []
            var agents: Set<String> = []
            var serials: [String] = []
            var renewals = 0
        }
        let seen = Mutex(Seen())

        var uploads: [AgentUpload] { seen.withLock { $0.uploads } }

        /// The CA that signs renewals (nil: renewal answers 404).
        let signer: (ca: String, key: String)?

        init(signer: (ca: String, key: String)? = nil) { self.signer = signer }

        func router() -> Router {
            var router = Router()
            router.post("/agent/v1/certificate", maxBodyBytes: 64 << 10) { request in
                struct Body: Decodable { var csr: String }
                guard let signer = self.signer, let body = try? JSONDecoder().decode(Body.self, from: Data(request.body)),
                      let pem = try? CertificateFactory.signCSR(csrPEM: body.csr, caCertPEM: signer.ca, caKeyPEM: signer.key, validity: .days(30))
                else { return .notFound }
                self.seen.withLock { $0.renewals += 1 }
                return .json([UInt8]((try? JSONEncoder().encode(["certificate": pem])) ?? Data()))
            }
            router.get("/agent/v1/commands") { request in
                let after = Int64(request.queryItems.first { $0.name == "after" }?.value ?? "0") ?? 0
                let commands = self.seen.withLock { seen -> [AgentCommandMessage] in
                    seen.polls.append(request.query ?? "")
                    seen.agents.insert(request.peerCertificate?.commonName ?? "none")
                    seen.serials.append(request.peerCertificate?.serialNumberHex ?? "none")
                    return seen.pending.filter { $0.commandID > after }
                }
                if commands.isEmpty { try? await Task.sleep(for: .milliseconds(200)) }
                struct Answer: Encodable { var commands: [AgentCommandMessage] }
                return .json([UInt8]((try? JSONEncoder().encode(Answer(commands: commands))) ?? Data()))
            }
            router.post("/agent/v1/uploads", maxBodyBytes: 8 << 20) { request in
                guard request.header("Content-Encoding") == "gzip", let json = Gzip.decompress(request.body),
                      let upload = try? JSONDecoder().decode(AgentUpload.self, from: Data(json)) else {
                    return .json(Array(#"{"error":{"code":"bad_upload","message":"not a gzip AgentUpload"}}"#.utf8), status: .badRequest)
                }
                let duplicate = self.seen.withLock { seen -> Bool in
                    // Completed commands are not sent again, as the real gateway does.
                    let done = Set(upload.completedCommands.map(\.commandID))
                    seen.pending.removeAll { done.contains($0.commandID) }
                    if seen.uploads.contains(where: { $0.uploadKey == upload.uploadKey }) { return true }
                    seen.uploads.append(upload)
                    return false
                }
                return .json(Array(#"{"duplicate":\#(duplicate),"readings_stored":\#(upload.readings.count),"devices_created":0,"rejected":0}"#.utf8))
            }
            return router
        }
    }

    func options(_ installation: Installation) -> AgentRunner.Options {
        var options = AgentRunner.Options(stateDirectory: installation.state.directory)
        options.pollWait = 1
        options.minimumBackoff = 0.1
        options.maximumBackoff = 0.3
        options.snmpTimeout = 0.2
        options.snmpRetries = 0
        return options
    }

    /// Waits (polling) until `condition` holds or `seconds` pass. The limit is generous: it returns
    /// as soon as the condition holds, and a CI machine running every suite at once can be slow.
    func eventually(_ seconds: Double = 30, _ condition: () -> Bool) async -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    /// A discovery on a range set to v2c of a board that speaks only SNMPv1 (a proxy drops its v2c
    /// messages): the scan speaks v1 and finds it, its reading comes over v1 and says so, so the
    /// device is polled over v1 from then on.
    @Test func aDiscoveryFindsAndReadsAV1OnlyPrinterOnAV2cRange() async throws {
        let simulator = try await SNMPSimulator.start(files: [("canonprinter_lbp", "public")])
        defer { simulator.stop() }
        let proxy = try FaultyAgentProxy(to: try #require(UDPAddress(host: "127.0.0.1", port: UInt16(simulator.port))), dropping: .v2c)
        defer { proxy.stop() }
        try await waitUntilAnswering(SNMPTarget(host: "127.0.0.1", port: proxy.port, community: "public", version: .v1))
        let installation = try Installation()
        let gateway = Gateway()
        let settings = SNMPSettings(community: "public", version: "2c", port: Int(proxy.port))
        gateway.seen.withLock {
            $0.pending = [AgentCommandMessage(commandID: 42, kind: "discovery", range: "127.0.0.1-127.0.0.1", snmp: settings)]
        }
        let server = Server(listeners: [ListenerConfiguration(name: "gateway", host: "127.0.0.1", port: 0,
                                                              tls: installation.serverContext, router: gateway.router())])
        try server.start()
        try installation.enrol(gatewayPort: server.ports[0])
        var runOptions = options(installation)
        runOptions.snmpTimeout = 1.5
        let runner = try AgentRunner(options: runOptions)
        let running = Task { await runner.run() }
        let delivered = await eventually { gateway.uploads.count == 1 && runner.spool.pending().isEmpty }
        runner.stop()
        await running.value
        await server.shutdown(grace: .milliseconds(100))

        #expect(delivered)
        let reading = try #require(gateway.uploads.first?.readings.first, "\(gateway.uploads)")
        #expect(reading.snmp.version == "1")
        #expect(reading.reading.model == "Canon LBP6670")
        #expect(gateway.uploads.first?.completedCommands.map(\.commandID) == [42])
    }

    @Test func aStatusCommandBecomesOneConfirmedUpload() async throws {
        let installation = try Installation()
        let gateway = Gateway()
        // Nothing answers SNMP on this port: the device is unreachable.
        let device = DeviceTarget(deviceID: 5, address: "127.0.0.1", snmp: SNMPSettings(community: "public", version: "2c", port: 9))
        gateway.seen.withLock { $0.pending = [AgentCommandMessage(commandID: 41, kind: "status", devices: [device])] }
        let server = Server(listeners: [ListenerConfiguration(name: "gateway", host: "127.0.0.1", port: 0,
                                                              tls: installation.serverContext, router: gateway.router())])
        try server.start()
        try installation.enrol(gatewayPort: server.ports[0])
        let runner = try AgentRunner(options: options(installation))
        let running = Task { await runner.run() }
        let delivered = await eventually { gateway.uploads.count == 1 && runner.spool.pending().isEmpty }
        // A few more polls: the command is not run again.
        try await Task.sleep(for: .milliseconds(600))
        runner.stop()
        await running.value
        await server.shutdown(grace: .milliseconds(100))

        #expect(delivered)
        let uploads = gateway.uploads
        #expect(uploads.count == 1)
        #expect(uploads.first?.unreachable == [5])
        #expect(uploads.first?.completedCommands.map(\.commandID) == [41])
        #expect(uploads.first?.readings.isEmpty == true)
        let (polls, agents) = gateway.seen.withLock { ($0.polls, $0.agents) }
        #expect(polls.first == "after=0&wait=1")
        #expect(agents == ["agent-test"])
    }

    @Test func aMostlySpentCertificateIsRenewedOverTheLinkAndUsedFromThenOn() async throws {
        // 25 of 30 days gone: less than a third left, so the runner renews at its first check.
        let installation = try Installation(agentValidity: CertificateFactory.Validity(notBeforeOffset: -25 * 86_400, notAfterOffset: 5 * 86_400))
        let before = try installation.state.certificate()
        let gateway = Gateway(signer: (installation.caPEM, installation.caKeyPEM))
        let server = Server(listeners: [ListenerConfiguration(name: "gateway", host: "127.0.0.1", port: 0,
                                                              tls: installation.serverContext, router: gateway.router())])
        try server.start()
        try installation.enrol(gatewayPort: server.ports[0])
        let runner = try AgentRunner(options: options(installation))
        let running = Task { await runner.run() }
        let renewed = await eventually {
            guard let now = try? installation.state.certificate() else { return false }
            return now.serialNumberHex != before.serialNumberHex
                && gateway.seen.withLock { $0.serials.contains(now.serialNumberHex) }
        }
        runner.stop()
        await running.value
        await server.shutdown(grace: .milliseconds(100))

        #expect(renewed, "the agent must renew and then present the new certificate")
        let after = try installation.state.certificate()
        #expect(after.notAfter - Int64(Date().timeIntervalSince1970) > 25 * 86_400)
        #expect(gateway.seen.withLock { $0.renewals } == 1, "renewed once, not at every loop")
        // (The gateway saw the new serial in a handshake, so the new certificate matches the key on disk.)
    }

    @Test func resultsSpooledWhileTheGatewayIsAwayArriveLaterWithTheirTimes() async throws {
        let installation = try Installation()
        let gateway = Gateway()
        // A port nobody listens on yet.
        let probe = Server(listeners: [ListenerConfiguration(name: "probe", host: "127.0.0.1", port: 0, router: Router())])
        try probe.start()
        let port = probe.ports[0]
        await probe.shutdown(grace: .milliseconds(10))
        try installation.enrol(gatewayPort: port)

        let collected = Date(timeIntervalSince1970: 1_700_000_000)
        let spool = try Spool(directory: installation.state.spoolPath)
        let settings = SNMPSettings(community: "public", version: "1", port: 161)
        for index in 1...3 {
            try spool.add(AgentUpload(uploadKey: "offline-\(index)", readings: [
                UploadedReading(deviceID: Int64(index), commandID: nil, snmp: settings,
                                reading: Reading(address: "192.0.2.\(index)", collectedAt: collected))]))
        }
        let runner = try AgentRunner(options: options(installation))
        let running = Task { await runner.run() }
        try await Task.sleep(for: .milliseconds(800))  // a few failed attempts with backoff
        #expect(runner.spool.pending().count == 3)

        let server = Server(listeners: [ListenerConfiguration(name: "gateway", host: "127.0.0.1", port: port,
                                                              tls: installation.serverContext, router: gateway.router())])
        try server.start()
        let delivered = await eventually { runner.spool.pending().isEmpty }
        runner.stop()
        await running.value
        await server.shutdown(grace: .milliseconds(100))

        #expect(delivered)
        let uploads = gateway.uploads
        #expect(uploads.map(\.uploadKey) == ["offline-1", "offline-2", "offline-3"])
        #expect(uploads.flatMap(\.readings).map(\.reading.collectedAt) == [collected, collected, collected])
    }

    @Test func enrolmentOverTheSelfSignedWebPortKeepsTheKeyAndTheAnswer() async throws {
        let directory = NSTemporaryDirectory() + "enrol-tests-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let web = try CertificateFactory.ensureSelfSigned(directory: directory + "/server", hostnames: ["localhost", "127.0.0.1"])
        let caKeyPEM = try CertificateFactory.makePrivateKey()
        let caPEM = try CertificateFactory.makeCA(keyPEM: caKeyPEM, commonName: "Test agent CA")
        var router = Router()
        router.post("/api/v1/agents/enroll") { request in
            struct Body: Decodable { var token: String; var csr: String; var version: String }
            guard let body = try? JSONDecoder().decode(Body.self, from: Data(request.body)), body.token == "good" else {
                return .json(Array(#"{"error":{"code":"invalid_token","message":"unknown token"}}"#.utf8), status: .unauthorized)
            }
            guard let certificate = try? CertificateFactory.signCSR(csrPEM: body.csr, caCertPEM: caPEM, caKeyPEM: caKeyPEM) else {
                return .json(Array(#"{"error":{"code":"invalid_csr","message":"bad"}}"#.utf8), status: .unprocessableContent)
            }
            struct Answer: Encodable {
                var agent_id = 9, organization_id = 2, certificate: String, ca_certificate: String, gateway_port = 8444
            }
            return .json([UInt8](try! JSONEncoder().encode(Answer(certificate: certificate, ca_certificate: caPEM))), status: .created)
        }
        let tls = try TLSContext(server: TLSConfiguration(certificateChainPath: web.certificatePath, privateKeyPath: web.keyPath))
        let server = Server(listeners: [ListenerConfiguration(name: "web", host: "127.0.0.1", port: 0, tls: tls, router: router)])
        try server.start()
        let endpoint = Enrollment.Endpoint(host: "127.0.0.1", port: server.ports[0], usesTLS: true)
        let state = AgentState(directory: directory + "/agent")
        let refused = try await offload { () -> String in
            do throws(LinkError) { _ = try Enrollment(endpoint: endpoint, token: "bad", state: state).run(); return "enrolled" } catch {
                return "\(error)"
            }
        }
        #expect(!state.isEnrolled)
        let result = try await offload { try Enrollment(endpoint: endpoint, token: "good", state: state).run() }
        let again = try await offload { () -> Bool in (try? Enrollment(endpoint: endpoint, token: "good", state: state).run()) == nil }
        await server.shutdown(grace: .milliseconds(100))

        #expect(refused.contains("401") && refused.contains("invalid_token"))
        #expect(result.server == ServerInfo(host: "127.0.0.1", gatewayPort: 8444, agentID: 9, organizationID: 2))
        #expect(!result.verified)
        #expect(result.serverFingerprint == (try PeerCertificate(pem: String(contentsOfFile: web.certificatePath, encoding: .utf8))).sha256Fingerprint)
        #expect(try state.checkEnrolled() == result.server)
        #expect(try String(contentsOfFile: state.caPath, encoding: .utf8) == caPEM)
        let keyMode = try FileManager.default.attributesOfItem(atPath: state.keyPath)[.posixPermissions] as? Int
        #expect(keyMode == 0o600)
        #expect(again)  // a second enrolment into the same directory is refused
    }

    @Test func endpointsParse() throws {
        let plain = try Enrollment.Endpoint(parsing: "http://127.0.0.1:8080/")
        #expect(plain == Enrollment.Endpoint(host: "127.0.0.1", port: 8080, usesTLS: false))
        #expect(try Enrollment.Endpoint(parsing: "cloud.example:9443") == .init(host: "cloud.example", port: 9443, usesTLS: true))
        #expect(try Enrollment.Endpoint(parsing: "[::1]:8443") == .init(host: "::1", port: 8443, usesTLS: true))
        #expect(try Enrollment.Endpoint(parsing: "cloud.example").port == 8443)
        #expect(throws: LinkError.self) { try Enrollment.Endpoint(parsing: "host:99999") }
    }
}

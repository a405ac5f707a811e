import Foundation
import Testing
import TestSupport
@testable import HTTPServer

/// TLS on the event loop, end to end: our server, curl (OpenSSL underneath, not our code) as client.
@Suite struct ServerTLSTests {
    /// Runs curl off the cooperative pool; returns exit status and body (or headers with `-i`).
    func curl(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await runTool("/usr/bin/curl", ["-sS", "-m", "10"] + arguments)
    }

    /// Whether the server's open connections reach zero within 5 s.
    static func connectionsDrain(_ server: Server) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(5)
        while server.openConnections > 0 && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return server.openConnections == 0
    }

    func whoRouter() -> Router {
        var router = testRouter()
        router.add(.get, "/who", .inline { request in
            .text("secure=\(request.isSecure) cn=\(request.peerCertificate?.commonName ?? "none")\n")
        })
        return router
    }

    @Test(arguments: ["--tlsv1.2 --tls-max 1.2", "--tlsv1.3"])
    func servesKeepAliveBodiesAndStreamsOverTLS(versions: String) async throws {
        let pki = try TestPKI()
        try await withServer(router: whoRouter(), tls: try pki.serverContext()) { _, port in
            let base = "https://localhost:\(port)"
            let flags = versions.split(separator: " ").map(String.init)
            // Three URLs on one connection: keep-alive through TLS.
            let result = try await curl(flags + ["--cacert", pki.caCert, "\(base)/who", "\(base)/items/5", "\(base)/stream/200",
                                                  "-w", "[%{num_connects}]"])
            #expect(result.status == 0)
            #expect(result.output.hasPrefix("secure=true cn=none\n[1]item 5\n[0]line 0\n"))
            #expect(result.output.hasSuffix("line 199\n[0]"))
            let big = try await curl(flags + ["--cacert", pki.caCert, "--compressed", "\(base)/big"])
            #expect(big.output == String(repeating: "printer fleet ", count: 2000))
            let upload = String(repeating: "u", count: 60_000)
            let echoed = try await curl(flags + ["--cacert", pki.caCert, "--data-binary", upload, "\(base)/echo"])
            #expect(echoed.output == upload)
        }
    }

    @Test func tls11IsRefused() async throws {
        let pki = try TestPKI()
        try await withServer(router: whoRouter(), tls: try pki.serverContext()) { _, port in
            let result = try await curl(["-k", "--tls-max", "1.1", "https://localhost:\(port)/who"])
            #expect(result.status != 0)
        }
    }

    @Test func verifiedClientCertificateReachesTheHandler() async throws {
        let pki = try TestPKI()
        try await withServer(router: whoRouter(), tls: try pki.serverContext(requireClientCertificate: true)) { _, port in
            let result = try await curl(["--cacert", pki.caCert, "--cert", pki.clientCert, "--key", pki.clientKey,
                                         "https://localhost:\(port)/who"])
            #expect(result.output == "secure=true cn=agent-7\n")
        }
    }

    @Test(arguments: ["none", "foreign", "expired", "self-signed", "revoked", "server-usage"])
    func clientCertificateRejections(kind: String) async throws {
        let pki = try TestPKI()
        let revoked = try pki.issue("revoked", commonName: "agent-revoked", usage: .client)
        let revokedSerial = try PeerCertificate(pem: String(contentsOfFile: revoked.cert, encoding: .utf8)).serialNumberHex
        let context = try pki.serverContext(requireClientCertificate: true, isRevoked: { $0.serialNumberHex == revokedSerial })
        let certificate: (cert: String, key: String)?
        switch kind {
        case "foreign": certificate = try pki.foreignClient()
        case "expired": certificate = try pki.issue("expired", commonName: "agent-old", usage: .client,
                                                    validity: .init(notBeforeOffset: -86400 * 30, notAfterOffset: -86400))
        case "self-signed": certificate = try pki.selfSignedClient()
        case "revoked": certificate = revoked
        case "server-usage": certificate = try pki.issue("wrong-usage", commonName: "agent-x", usage: .server)
        default: certificate = nil
        }
        try await withServer(router: whoRouter(), tls: context) { server, port in
            var arguments = ["--cacert", pki.caCert, "https://localhost:\(port)/who"]
            if let certificate { arguments += ["--cert", certificate.cert, "--key", certificate.key] }
            let result = try await curl(arguments)
            #expect(result.status != 0, "\(kind) was accepted: \(result.output)")
            #expect(!result.output.contains("secure=true"))
            // The refused connection is gone from the server, not left hanging (polled: a loaded
            // machine may take a moment; a connection left hanging stays for the whole 5 s).
            #expect(await Self.connectionsDrain(server))
        }
    }

    @Test func plaintextAndGarbageOnATLSPortAreDropped() async throws {
        let pki = try TestPKI()
        try await withServer(router: whoRouter(), tls: try pki.serverContext()) { server, port in
            let client = try RawClient(port: port)
            try client.send("GET /who HTTP/1.1\r\nHost: t\r\n\r\n")
            let reply = try await client.readToEnd()
            #expect(!String(decoding: reply, as: UTF8.self).contains("secure="))
            let garbage = try RawClient(port: port)
            try garbage.send((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
            _ = try? await garbage.readToEnd()
            #expect(await Self.connectionsDrain(server))
            let good = try await curl(["--cacert", pki.caCert, "https://localhost:\(port)/who"])
            #expect(good.output == "secure=true cn=none\n")
        }
    }
}

import Foundation
import Testing
import TestSupport
@testable import HTTPServer

/// The blocking HTTP client against our own server, in process, over real loopback sockets: plain
/// HTTP and mutual TLS with certificates from `CertificateFactory`. Every client call runs through
/// `offload` (the client blocks; the cooperative pool must stay free for the server's handlers).
@Suite struct HTTPClientTests {
    func clientRouter() -> Router {
        var router = testRouter()
        router.add(.get, "/who", .inline { request in
            .text("secure=\(request.isSecure) cn=\(request.peerCertificate?.commonName ?? "none")\n")
        })
        router.post("/inflate", maxBodyBytes: 1 << 20) { request in
            let body = request.header("Content-Encoding") == "gzip" ? Gzip.decompress(request.body) ?? [] : request.body
            return HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: .bytes(body))
        }
        return router
    }

    @Test func plainRequestsShareOneKeepAliveConnection() async throws {
        try await withServer(router: clientRouter()) { _, port in
            let results = try await offload { () throws -> [String] in
                let client = HTTPClient(.init(host: "127.0.0.1", port: port))
                defer { client.close() }
                var seen: [String] = []
                seen.append(try client.request("GET", "/hello").text)
                seen.append(try client.request("GET", "/items/42").text)
                let echoed = try client.request("POST", "/echo", body: Array(repeating: UInt8(ascii: "x"), count: 50_000))
                seen.append("\(echoed.status) \(echoed.body.count)")
                let streamed = try client.request("GET", "/stream/100")  // chunked
                seen.append(String(streamed.text.split(separator: "\n").last ?? ""))
                seen.append("connections=\(client.connectionsOpened)")
                return seen
            }
            #expect(results == ["hello\n", "item 42\n", "200 50000", "line 99", "connections=1"])
        }
    }

    @Test func gzipResponsesAreInflatedAndRequestBodiesGoAsGiven() async throws {
        try await withServer(router: clientRouter()) { _, port in
            let (big, inflated) = try await offload { () throws -> (HTTPClientResponse, HTTPClientResponse) in
                let client = HTTPClient(.init(host: "localhost", port: port))
                let big = try client.request("GET", "/big", headers: ["Accept-Encoding": "gzip"])
                let payload = Array(String(repeating: "{\"reading\": 1}", count: 500).utf8)
                let inflated = try client.request("POST", "/inflate", headers: ["Content-Encoding": "gzip"],
                                                  body: Gzip.compress(payload))
                return (big, inflated)
            }
            #expect(big.status == 200)
            #expect(big.text == String(repeating: "printer fleet ", count: 2000))
            #expect(big.headers["Content-Encoding"] == nil)
            #expect(inflated.text == String(repeating: "{\"reading\": 1}", count: 500))
        }
    }

    @Test func refusedConnectionAndReadTimeoutAreNamed() async throws {
        let closedPort = try Syscalls.freePort(host: "127.0.0.1")
        let refused = try await offload { () -> HTTPClientError? in
            failureOf { () throws(HTTPClientError) in _ = try HTTPClient(.init(host: "127.0.0.1", port: closedPort)).request("GET", "/") }
        }
        guard case .connectFailed(let text)? = refused else { Issue.record("expected connectFailed, got \(String(describing: refused))"); return }
        #expect(text.contains("refused"))
        #expect(refused?.isTransient == true)

        try await withServer(router: clientRouter()) { _, port in
            let outcome = try await offload { () -> (HTTPClientError?, String) in
                let client = HTTPClient(.init(host: "127.0.0.1", port: port))
                let timedOut = failureOf { () throws(HTTPClientError) in _ = try client.request("GET", "/slow/2000", timeout: .milliseconds(200)) }
                // The timed-out connection is dropped; the next request gets a fresh one.
                let next = (try? client.request("GET", "/hello").text) ?? "failed"
                return (timedOut, next)
            }
            guard case .timedOut? = outcome.0 else { Issue.record("expected timedOut, got \(String(describing: outcome.0))"); return }
            #expect(outcome.1 == "hello\n")
        }
    }

    @Test func headerInjectionIsRefusedBeforeSending() async throws {
        let client = HTTPClient(.init(host: "127.0.0.1", port: 9))
        #expect(throws: HTTPClientError.self) { try client.request("GET", "/", headers: ["X-Bad": "a\r\nHost: evil"]) }
        #expect(throws: HTTPClientError.self) { try client.request("GET", "/a b") }
    }

    @Test func serverClosingAnIdleConnectionIsRetriedForIdempotentRequests() async throws {
        var limits = HTTPLimits()
        limits.idleTimeout = .milliseconds(200)
        try await withServer(router: clientRouter(), limits: limits) { _, port in
            let (first, second, opened) = try await offload { () throws -> (String, String, Int) in
                let client = HTTPClient(.init(host: "127.0.0.1", port: port))
                let first = try client.request("GET", "/hello").text
                Thread.sleep(forTimeInterval: 0.6)  // the server closes the idle connection meanwhile
                let second = try client.request("GET", "/items/7").text
                return (first, second, client.connectionsOpened)
            }
            #expect(first == "hello\n")
            #expect(second == "item 7\n")
            #expect(opened == 2)
        }
    }

    // MARK: TLS

    /// A client configuration for the test server (the client itself is made on the thread that uses it).
    func client(_ pki: TestPKI, port: Int, certificate: (cert: String, key: String)?, trusting ca: String? = nil,
                skipVerification: Bool = false) throws -> HTTPClient.Configuration {
        var configuration = TLSConfiguration.client(trustedCAPath: ca ?? pki.caCert, serverName: nil,
                                                    certificateChainPath: certificate?.cert, privateKeyPath: certificate?.key)
        configuration.skipsServerVerification = skipVerification
        return HTTPClient.Configuration(host: "127.0.0.1", port: port, tls: try TLSContext(client: configuration))
    }

    @Test func mutualTLSPresentsTheClientCertificateAndReusesTheConnection() async throws {
        let pki = try TestPKI()
        try await withServer(router: clientRouter(), tls: try pki.serverContext(requireClientCertificate: true)) { _, port in
            let configuration = try self.client(pki, port: port, certificate: (pki.clientCert, pki.clientKey))
            let (who, echoed, opened, peer) = try await offload { () throws -> (String, Int, Int, String?) in
                let client = HTTPClient(configuration)
                let who = try client.request("GET", "/who").text
                let echoed = try client.request("POST", "/echo", body: Array(repeating: 7, count: 60_000)).body.count
                return (who, echoed, client.connectionsOpened, client.peerCertificate?.commonName)
            }
            #expect(who == "secure=true cn=agent-7\n")
            #expect(echoed == 60_000)
            #expect(opened == 1)
            #expect(peer == "localhost")
        }
    }

    @Test func serverCertificateFromAnotherCAIsRefused() async throws {
        let pki = try TestPKI()
        let other = try TestPKI()
        try await withServer(router: clientRouter(), tls: try pki.serverContext(requireClientCertificate: true)) { _, port in
            // Our own client certificate is fine for the server; the server's is not for us.
            let configuration = try self.client(pki, port: port, certificate: (pki.clientCert, pki.clientKey), trusting: other.caCert)
            let failure = try await offload { () -> HTTPClientError? in
                failureOf { () throws(HTTPClientError) in _ = try HTTPClient(configuration).request("GET", "/who") }
            }
            guard case .tlsFailed(let text)? = failure else { Issue.record("expected tlsFailed, got \(String(describing: failure))"); return }
            #expect(text.contains("certificate"))
        }
    }

    @Test func missingOrForeignClientCertificateIsRefusedByTheServer() async throws {
        let pki = try TestPKI()
        let foreign = try pki.foreignClient()
        try await withServer(router: clientRouter(), tls: try pki.serverContext(requireClientCertificate: true)) { _, port in
            for certificate in [nil, foreign] {
                let configuration = try self.client(pki, port: port, certificate: certificate)
                let failure = try await offload { () -> HTTPClientError? in
                    failureOf { () throws(HTTPClientError) in _ = try HTTPClient(configuration).request("GET", "/who") }
                }
                // TLS 1.3: our side finishes first and learns of the refusal from the alert (tlsFailed),
                // or from the closed connection when the alert is lost in the reset.
                switch failure {
                case .tlsFailed?, .connectionClosed?: break
                default: Issue.record("expected a TLS refusal, got \(String(describing: failure))")
                }
            }
        }
    }

    @Test func skippingVerificationOnlyForTrustOnFirstUse() async throws {
        let pki = try TestPKI()
        let stranger = try TestPKI()
        try await withServer(router: clientRouter(), tls: try pki.serverContext()) { _, port in
            let verifyingConfiguration = try self.client(pki, port: port, certificate: nil, trusting: stranger.caCert)
            let trustingConfiguration = try self.client(pki, port: port, certificate: nil, trusting: stranger.caCert,
                                                        skipVerification: true)
            let (refused, who, fingerprint) = try await offload { () throws -> (Bool, String, String?) in
                let verifying = HTTPClient(verifyingConfiguration)
                let trusting = HTTPClient(trustingConfiguration)
                let refused = (try? verifying.request("GET", "/who")) == nil
                let who = try trusting.request("GET", "/who").text
                return (refused, who, trusting.peerCertificate?.sha256Fingerprint)
            }
            let expected = try PeerCertificate(pem: String(contentsOfFile: pki.serverCert, encoding: .utf8)).sha256Fingerprint
            #expect(refused)
            #expect(who == "secure=true cn=none\n")
            #expect(fingerprint == expected)
        }
    }
}

/// The error a call throws, or nil when it succeeds.
func failureOf(_ body: () throws(HTTPClientError) -> Void) -> HTTPClientError? {
    do throws(HTTPClientError) {
        try body()
        return nil
    } catch {
        return error
    }
}

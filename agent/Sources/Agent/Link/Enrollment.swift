import Foundation
import HTTPServer

/// `printercare-agent enroll`: makes the agent's key here, sends a CSR with the one-time token to
/// `POST /api/v1/agents/enroll` on the server's web port, and keeps what comes back.
///
/// **Trust on first use.** The web port usually has the self-signed certificate a fresh server made,
/// which nothing can verify, so by default this one call accepts whatever certificate the server
/// shows and reports its SHA-256 fingerprint (compare it with
/// `openssl x509 -noout -fingerprint -sha256 -in DATA_DIR/tls/server.crt`). Trade-off: an attacker
/// who can intercept this one connection could take the token and hand us their own CA; after
/// enrolment everything is verified against the CA received here. With `serverCAPath` (the web
/// certificate or its CA) the server is verified and its name checked instead. `http://` enrols
/// over plain HTTP (tests, or a TLS-terminating proxy on the same host).
public struct Enrollment: Sendable {
    /// What enrolment produced.
    public struct Result: Sendable {
        public var server: ServerInfo
        /// SHA-256 fingerprint of the web server's certificate (HTTPS only).
        public var serverFingerprint: String?
        /// Whether that certificate was verified (`serverCAPath`) rather than trusted on first use.
        public var verified: Bool
    }

    /// `HOST:PORT`, `https://HOST:PORT` or `http://HOST:PORT` (IPv6 in brackets); port 8443 when omitted.
    public struct Endpoint: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var usesTLS: Bool

        public init(host: String, port: Int, usesTLS: Bool) {
            self.host = host
            self.port = port
            self.usesTLS = usesTLS
        }

        public init(parsing text: String) throws(LinkError) {
            var rest = Substring(text)
            usesTLS = true
            if rest.hasPrefix("https://") { rest = rest.dropFirst(8) } else if rest.hasPrefix("http://") {
                rest = rest.dropFirst(7)
                usesTLS = false
            }
            while rest.hasSuffix("/") { rest = rest.dropLast() }
            var portText: Substring?
            if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]") else { throw .invalidState("bad server address \(text)") }
                host = String(rest[rest.index(after: rest.startIndex)..<close])
                let after = rest[rest.index(after: close)...]
                if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                    throw .invalidState("bad server address \(text)")
                }
            } else if let colon = rest.lastIndex(of: ":") {
                host = String(rest[..<colon])
                portText = rest[rest.index(after: colon)...]
            } else {
                host = String(rest)
            }
            if let portText {
                guard let value = Int(portText), (1...65535).contains(value) else { throw .invalidState("bad port in \(text)") }
                port = value
            } else {
                port = usesTLS ? 8443 : 8080
            }
            guard !host.isEmpty, !host.contains("/") else { throw .invalidState("bad server address \(text)") }
        }
    }

    public var endpoint: Endpoint
    public var token: String
    public var state: AgentState
    /// PEM file to verify the web server's certificate against (its own certificate or its CA).
    public var serverCAPath: String?
    public var timeout: Duration = .seconds(30)

    public init(endpoint: Endpoint, token: String, state: AgentState, serverCAPath: String? = nil) {
        self.endpoint = endpoint
        self.token = token
        self.state = state
        self.serverCAPath = serverCAPath
    }

    /// Enrols: key (kept, 0600) → CSR → server → `agent.crt`, `ca.crt`, then `server.json` last.
    /// Blocking; run it off any event loop.
    public func run() throws(LinkError) -> Result {
        try state.prepare()
        if state.isEnrolled {
            throw .invalidState("\(state.directory) already holds an enrolment (server.json); "
                                + "remove the state directory's files to enrol again")
        }
        let keyPEM: String
        let csrPEM: String
        do {
            keyPEM = try CertificateFactory.makePrivateKey()
            let name = ProcessInfo.processInfo.hostName
            csrPEM = try CertificateFactory.makeCSR(keyPEM: keyPEM, commonName: name.isEmpty ? "printercare-agent" : name)
        } catch {
            throw .invalidState("cannot make a key and CSR: \(error)")
        }
        // The key is on disk before the server signs anything: a crash after the answer must not
        // leave a certificate whose key is gone.
        try state.saveKey(keyPEM)

        let (client, fingerprint) = try makeClient()
        defer { client.close() }
        struct Request: Encodable { var token: String; var csr: String; var version: String }
        struct Answer: Decodable {
            var agentID: Int64, organizationID: Int64, certificate: String, caCertificate: String, gatewayPort: Int
            enum CodingKeys: String, CodingKey {
                case agentID = "agent_id", organizationID = "organization_id", certificate
                case caCertificate = "ca_certificate", gatewayPort = "gateway_port"
            }
        }
        let body: [UInt8]
        do { body = [UInt8](try JSONEncoder().encode(Request(token: token, csr: csrPEM, version: Agent.version))) } catch {
            throw .invalidState("\(error)")
        }
        let response: HTTPClientResponse
        do {
            response = try client.send(HTTPClientRequest(method: "POST", target: "/api/v1/agents/enroll",
                                                         headers: ["Content-Type": "application/json", "Accept": "application/json"],
                                                         body: body, timeout: timeout))
        } catch {
            throw .transport(error)
        }
        guard response.status == 201 || response.status == 200 else {
            let (code, message) = GatewayClient.errorBody(response)
            if response.status == 401 || response.status == 403 {
                throw .rejected(status: response.status, code: code ?? "invalid_token", message: message)
            }
            throw .server(status: response.status, code: code, message: message)
        }
        let answer: Answer
        do { answer = try JSONDecoder().decode(Answer.self, from: Data(response.body)) } catch {
            throw .badResponse("enrolment answer: \(error)")
        }
        // What we keep must be usable: the certificate is ours (our key) and chains to the CA.
        do {
            _ = try PeerCertificate(pem: answer.certificate)
            _ = try PeerCertificate(pem: answer.caCertificate)
        } catch {
            throw .badResponse("the server sent a certificate that does not parse: \(error)")
        }
        let server = ServerInfo(host: endpoint.host, gatewayPort: answer.gatewayPort, agentID: answer.agentID,
                                organizationID: answer.organizationID)
        try state.saveCA(answer.caCertificate)
        try state.saveCertificate(answer.certificate)
        do {
            // Fails if the certificate is not for our key: better now than at the first gateway call.
            _ = try TLSContext(client: .client(trustedCAPath: state.caPath, certificateChainPath: state.certificatePath,
                                               privateKeyPath: state.keyPath))
        } catch {
            throw .badResponse("the signed certificate does not match our key: \(error)")
        }
        try state.saveServer(server)
        return Result(server: server, serverFingerprint: fingerprint, verified: serverCAPath != nil)
    }

    /// The client, connected when HTTPS, and the fingerprint of the certificate the server showed.
    private func makeClient() throws(LinkError) -> (HTTPClient, String?) {
        var tls: TLSContext?
        if endpoint.usesTLS {
            var configuration = TLSConfiguration.client(trustedCAPath: serverCAPath, serverName: endpoint.host)
            configuration.skipsServerVerification = serverCAPath == nil
            do { tls = try TLSContext(client: configuration) } catch {
                throw .invalidState("TLS set-up: \(error)")
            }
        }
        var configuration = HTTPClient.Configuration(host: endpoint.host, port: endpoint.port, tls: tls)
        configuration.userAgent = "printercare-agent/\(Agent.version)"
        configuration.connectTimeout = timeout
        let client = HTTPClient(configuration)
        guard endpoint.usesTLS else { return (client, nil) }
        do { try client.connect() } catch { throw .transport(error) }
        return (client, client.peerCertificate?.sha256Fingerprint)
    }
}

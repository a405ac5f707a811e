import FleetCore
import Foundation
import HTTPServer

/// The gateway's answer to an upload.
public struct UploadReceipt: Codable, Sendable, Equatable {
    public var duplicate: Bool
    public var readingsStored: Int
    public var devicesCreated: Int
    public var rejected: Int

    enum CodingKeys: String, CodingKey {
        case duplicate, readingsStored = "readings_stored", devicesCreated = "devices_created", rejected
    }
}

/// The agent's side of the gateway protocol over one mutual-TLS keep-alive connection: trusts exactly
/// `ca.crt` for the server, presents `agent.crt`/`agent.key`. Blocking (`HTTPClient`): one owner
/// thread. The TLS context is rebuilt from the files on every new connection, so a renewed
/// certificate is used from the next connection on (`close()` after renewing).
///
/// The server's name is not checked, only its chain: `ca.crt` is the installation's private CA,
/// which issues gateway (serverAuth) and agent (clientAuth) certificates only, and OpenSSL's client
/// insists on serverAuth, so no agent certificate can pose as the gateway. Checking the name would
/// break agents that reach the gateway through an address its certificate does not list.
public final class GatewayClient {
    public let state: AgentState
    public let server: ServerInfo
    /// Waiting for a connection (TCP + TLS).
    public var connectTimeout: Duration = .seconds(10)
    /// Sending an upload and waiting for its answer.
    public var uploadTimeout: Duration = .seconds(120)
    private var client: HTTPClient?

    public init(state: AgentState, server: ServerInfo) {
        self.state = state
        self.server = server
    }

    /// Whether a connection is open (a poll on a fresh one asks with `after=0`).
    public var isConnected: Bool { client?.isConnected ?? false }

    /// Drops the connection; the next call opens a new one with the certificate files as they are then.
    public func close() {
        client?.close()
        client = nil
    }

    /// `GET /agent/v1/commands?after=…&wait=…`: commands newer than `after`, waiting up to `wait`
    /// seconds (at most 30) for one to arrive; `progress` (CommandProgress query text) rides along.
    public func commands(after: Int64, wait: Int, progress: String? = nil) throws(LinkError) -> [AgentCommandMessage] {
        struct Answer: Decodable { var commands: [AgentCommandMessage] }
        let wait = min(max(wait, 0), 30)
        let report = progress.map { "&progress=" + $0 } ?? ""
        let response = try send(HTTPClientRequest(method: "GET", target: "/agent/v1/commands?after=\(after)&wait=\(wait)\(report)",
                                                  headers: ["Accept": "application/json", "Accept-Encoding": "gzip"],
                                                  timeout: .seconds(wait + 20)))
        return try decode(Answer.self, response).commands
    }

    /// `POST /agent/v1/uploads` with the upload's JSON (as spooled) gzip-compressed. Only a 200 comes
    /// back as a receipt; anything else throws. Safe to repeat: the key makes it idempotent.
    public func upload(json: [UInt8]) throws(LinkError) -> UploadReceipt {
        guard let compressed = Gzip.compress(json) else { throw .badResponse("zlib could not compress the upload") }
        let response = try send(HTTPClientRequest(method: "POST", target: "/agent/v1/uploads",
                                                  headers: ["Content-Type": "application/json", "Content-Encoding": "gzip",
                                                            "Accept": "application/json"],
                                                  body: compressed, timeout: uploadTimeout, isIdempotent: true))
        return try decode(UploadReceipt.self, response)
    }

    /// `POST /agent/v1/certificate` with a CSR: the new certificate's PEM.
    public func renewCertificate(csrPEM: String) throws(LinkError) -> String {
        struct Request: Encodable { var csr: String }
        struct Answer: Decodable { var certificate: String }
        let body: [UInt8]
        do { body = [UInt8](try JSONEncoder().encode(Request(csr: csrPEM))) } catch { throw .badResponse("\(error)") }
        let response = try send(HTTPClientRequest(method: "POST", target: "/agent/v1/certificate",
                                                  headers: ["Content-Type": "application/json", "Accept": "application/json"],
                                                  body: body))
        return try decode(Answer.self, response).certificate
    }

    /// `GET /agent/v1/drivers`: the server's driver set, or nil when it is the version we hold (304).
    public func drivers(holding version: String) throws(LinkError) -> DriverSet? {
        let response = try send(HTTPClientRequest(method: "GET", target: "/agent/v1/drivers",
                                                  headers: ["Accept": "application/json", "Accept-Encoding": "gzip", "If-None-Match": "\"\(version)\""]),
                                accepting: [304])
        if response.status == 304 { return nil }
        guard response.status == 200 else { return try decode(DriverSet.self, response) }
        do { return try DriverSet.decode(Data(response.body)) } catch { throw .badResponse("drivers: \(error)") }
    }

    // MARK: plumbing

    /// Sends `request`; a 2xx (or a status in `accepting`, e.g. 304 for a conditional GET) is the answer,
    /// anything else throws.
    private func send(_ request: HTTPClientRequest, accepting: Set<Int> = []) throws(LinkError) -> HTTPClientResponse {
        let client = try connection()
        let response: HTTPClientResponse
        do { response = try client.send(request) } catch {
            close()
            if case .tlsFailed(let message) = error { throw .rejected(status: 0, code: "tls", message: message) }
            throw .transport(error)
        }
        switch response.status {
        case 200..<300: return response
        case let status where accepting.contains(status): return response
        case 401, 403:
            // The server closes the connection after this answer.
            close()
            let (code, message) = Self.errorBody(response)
            throw .rejected(status: response.status, code: code ?? "forbidden", message: message)
        default:
            let (code, message) = Self.errorBody(response)
            throw .server(status: response.status, code: code, message: message)
        }
    }

    private func connection() throws(LinkError) -> HTTPClient {
        if let client { return client }
        let tls: TLSContext
        do {
            tls = try TLSContext(client: .client(trustedCAPath: state.caPath, serverName: nil,
                                                 certificateChainPath: state.certificatePath,
                                                 privateKeyPath: state.keyPath))
        } catch {
            throw .invalidState("cannot load the agent's TLS files in \(state.directory): \(error)")
        }
        var configuration = HTTPClient.Configuration(host: server.host, port: server.gatewayPort, tls: tls)
        configuration.connectTimeout = connectTimeout
        configuration.userAgent = "printercare-agent/\(Agent.version)"
        let client = HTTPClient(configuration)
        self.client = client
        return client
    }

    private func decode<T: Decodable>(_ type: T.Type, _ response: HTTPClientResponse) throws(LinkError) -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(response.body)) } catch {
            throw .badResponse("HTTP \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))")
        }
    }

    /// `{"error": {"code", "message"}}`, or the body's start when it is not that shape.
    static func errorBody(_ response: HTTPClientResponse) -> (code: String?, message: String) {
        struct Envelope: Decodable {
            struct Inner: Decodable { var code: String?; var message: String? }
            var error: Inner
        }
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(response.body)) {
            return (envelope.error.code, envelope.error.message ?? "")
        }
        let text = String(decoding: response.body.prefix(200), as: UTF8.self)
        return (nil, text.isEmpty ? response.reason : text)
    }
}

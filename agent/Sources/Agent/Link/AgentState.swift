import Foundation
import HTTPServer

/// Where the agent's gateway lives and who it is there; `server.json` in the state directory.
public struct ServerInfo: Codable, Sendable, Equatable {
    /// The host given at enrolment (the gateway is on the same host).
    public var host: String
    public var gatewayPort: Int
    public var agentID: Int64
    public var organizationID: Int64

    enum CodingKeys: String, CodingKey {
        case host, gatewayPort = "gateway_port", agentID = "agent_id", organizationID = "organization_id"
    }

    public init(host: String, gatewayPort: Int, agentID: Int64, organizationID: Int64) {
        self.host = host
        self.gatewayPort = gatewayPort
        self.agentID = agentID
        self.organizationID = organizationID
    }
}

/// The agent's state directory: `agent.key` (0600, made here, never sent anywhere), `agent.crt`
/// (signed by the server), `ca.crt` (the only CA trusted for the gateway), `server.json`, and the
/// `spool/` of uploads not yet confirmed. Every file is written atomically (temporary file, fsync,
/// rename); `server.json` is written last at enrolment, so its presence means "enrolled".
public struct AgentState: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `PRINTERCARE_AGENT_STATE` when set, else `/var/lib/printercare-agent`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let value = environment["PRINTERCARE_AGENT_STATE"], !value.isEmpty { return value }
        return "/var/lib/printercare-agent"
    }

    public var keyPath: String { directory + "/agent.key" }
    public var certificatePath: String { directory + "/agent.crt" }
    public var caPath: String { directory + "/ca.crt" }
    public var serverPath: String { directory + "/server.json" }
    public var spoolPath: String { directory + "/spool" }

    /// Creates the directory (0700) if needed and removes temporary files a crash left behind.
    public func prepare() throws(LinkError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .file("cannot create the state directory \(directory): \(error.localizedDescription)")
        }
        AtomicFile.removeTemporaryFiles(in: directory)
    }

    /// Whether `server.json` exists (enrolment finished).
    public var isEnrolled: Bool { FileManager.default.fileExists(atPath: serverPath) }

    public func loadServer() throws(LinkError) -> ServerInfo {
        guard isEnrolled else { throw .notEnrolled("\(serverPath) is missing; run `printercare-agent enroll` first") }
        let bytes = try AtomicFile.read(serverPath)
        do { return try JSONDecoder().decode(ServerInfo.self, from: Data(bytes)) } catch {
            throw .invalidState("\(serverPath): \(error)")
        }
    }

    public func saveServer(_ server: ServerInfo) throws(LinkError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(server) } catch { throw .invalidState("encoding server.json: \(error)") }
        try AtomicFile.write([UInt8](data) + [10], to: serverPath, mode: 0o644)
    }

    public func saveKey(_ pem: String) throws(LinkError) { try AtomicFile.write(Array(pem.utf8), to: keyPath, mode: 0o600) }
    public func saveCertificate(_ pem: String) throws(LinkError) { try AtomicFile.write(Array(pem.utf8), to: certificatePath) }
    public func saveCA(_ pem: String) throws(LinkError) { try AtomicFile.write(Array(pem.utf8), to: caPath) }

    public func readKey() throws(LinkError) -> String { String(decoding: try AtomicFile.read(keyPath), as: UTF8.self) }
    public func readCertificatePEM() throws(LinkError) -> String {
        String(decoding: try AtomicFile.read(certificatePath), as: UTF8.self)
    }

    /// The agent certificate, parsed (validity, common name, serial).
    public func certificate() throws(LinkError) -> PeerCertificate {
        let pem = try readCertificatePEM()
        do { return try PeerCertificate(pem: pem) } catch { throw .invalidState("\(certificatePath): \(error)") }
    }

    /// Every file the gateway connection needs, or `.notEnrolled` naming the first one missing.
    public func checkEnrolled() throws(LinkError) -> ServerInfo {
        for path in [keyPath, certificatePath, caPath, serverPath] where !FileManager.default.fileExists(atPath: path) {
            throw .notEnrolled("\(path) is missing; run `printercare-agent enroll --server HOST:PORT --token TOKEN` first")
        }
        return try loadServer()
    }
}

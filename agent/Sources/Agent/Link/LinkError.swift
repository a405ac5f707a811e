import HTTPServer

/// What can go wrong between the agent and the cloud, named for what happened.
public enum LinkError: Error, Sendable, CustomStringConvertible {
    /// A file of the state directory or the spool could not be read or written.
    case file(String)
    /// The state directory holds no enrolment (run `printercare-agent enroll` first).
    case notEnrolled(String)
    /// The state directory holds something we cannot use (bad JSON, a certificate that does not parse).
    case invalidState(String)
    /// The spool is at its byte cap; the new upload was refused (nothing older was deleted).
    case spoolFull(needed: Int, used: Int, cap: Int)
    /// The server could not be reached or the connection broke (retry with backoff).
    case transport(HTTPClientError)
    /// The gateway no longer accepts our certificate: HTTP 401/403, or the TLS handshake refused it
    /// (status 0). Revoked, expired, or signed by a CA the server no longer trusts.
    case rejected(status: Int, code: String, message: String)
    /// Any other non-success answer.
    case server(status: Int, code: String?, message: String)
    /// A success answer whose body we cannot read.
    case badResponse(String)

    public var description: String {
        switch self {
        case .file(let text): return text
        case .notEnrolled(let text): return "not enrolled: \(text)"
        case .invalidState(let text): return "invalid agent state: \(text)"
        case .spoolFull(let needed, let used, let cap):
            return "spool full: \(used) of \(cap) bytes used, \(needed) more needed"
        case .transport(let error): return "\(error)"
        case .rejected(let status, let code, let message):
            return status == 0 ? "TLS refused: \(message)" : "HTTP \(status) \(code): \(message)"
        case .server(let status, let code, let message): return "HTTP \(status)\(code.map { " \($0)" } ?? ""): \(message)"
        case .badResponse(let text): return "unreadable answer: \(text)"
        }
    }

    /// Whether waiting and trying again may help without anyone's intervention.
    public var isTransient: Bool {
        switch self {
        case .transport(let error): return error.isTransient
        case .server(let status, _, _): return status >= 500 || status == 408 || status == 429
        default: return false
        }
    }
}

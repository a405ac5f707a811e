/// Everything that can go wrong in a `HTTPClient` call, named for the phase that failed so a caller
/// can tell "the server is not there" from "the server said something we cannot read".
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request itself is unusable (a header with CR/LF, a bad path); nothing was sent.
    case invalidRequest(String)
    /// No TCP connection: name resolution failed, refused, unreachable, or the connect timed out.
    case connectFailed(String)
    /// The TLS handshake failed (certificate not trusted, name mismatch, our certificate refused...).
    case tlsFailed(String)
    /// A read or write deadline passed (the phase is named).
    case timedOut(String)
    /// The server closed the connection before a complete response arrived.
    case connectionClosed(String)
    /// The response broke HTTP/1.1's framing or syntax.
    case malformedResponse(String)
    /// The response body (decoded) is larger than the client's `maxResponseBytes`.
    case responseTooLarge(Int)
    /// Any other socket error.
    case io(String)

    public var description: String {
        switch self {
        case .invalidRequest(let text): return "invalid request: \(text)"
        case .connectFailed(let text): return "cannot connect: \(text)"
        case .tlsFailed(let text): return "TLS: \(text)"
        case .timedOut(let text): return "timed out \(text)"
        case .connectionClosed(let text): return "connection closed by the server \(text)"
        case .malformedResponse(let text): return "malformed response: \(text)"
        case .responseTooLarge(let limit): return "response larger than \(limit) bytes"
        case .io(let text): return "I/O error: \(text)"
        }
    }

    /// Whether retrying the same request later may succeed (the network or the server was away).
    public var isTransient: Bool {
        switch self {
        case .connectFailed, .timedOut, .connectionClosed, .io: return true
        case .invalidRequest, .tlsFailed, .malformedResponse, .responseTooLarge: return false
        }
    }
}

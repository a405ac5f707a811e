/// A request method (RFC 9110 section 9). Unknown but well-formed tokens are kept as `.other`.
public enum HTTPMethod: Hashable, Sendable {
    case get, head, post, put, patch, delete, options, trace, connect
    case other(String)

    /// The method's token as sent on the wire.
    public var name: String {
        switch self {
        case .get: return "GET"
        case .head: return "HEAD"
        case .post: return "POST"
        case .put: return "PUT"
        case .patch: return "PATCH"
        case .delete: return "DELETE"
        case .options: return "OPTIONS"
        case .trace: return "TRACE"
        case .connect: return "CONNECT"
        case .other(let token): return token
        }
    }
}

/// The two protocol versions this server speaks; anything else is refused with 505.
public enum HTTPVersion: Sendable, Equatable {
    case http10, http11
}

/// How the body of a request is delimited (RFC 9112 section 6.3).
public enum BodyFraming: Sendable, Equatable {
    case none
    case length(Int)
    case chunked
}

/// One header field as offsets into the buffer the parser was given; the value has its
/// surrounding optional whitespace removed.
public struct HeaderRange: Sendable, Equatable {
    public var name: Range<Int>
    public var value: Range<Int>
    public init(name: Range<Int>, value: Range<Int>) { self.name = name; self.value = value }
}

/// A parsed request head. Nothing is copied: every range points into the buffer passed to
/// `RequestParser.parse`, and `length` says how many bytes of it the head occupied (including any
/// empty lines skipped before the request line and the final empty line).
public struct RequestHead: Sendable, Equatable {
    public var method: HTTPMethod
    public var target: Range<Int>
    public var version: HTTPVersion
    public var headers: [HeaderRange]
    /// `.length(n)` always has `n > 0`: `RequestParser` reports `Content-Length: 0` as `.none`.
    public var framing: BodyFraming
    /// Whether the connection may stay open after this exchange (version default plus `Connection`).
    public var keepAlive: Bool
    /// `Expect: 100-continue` was sent with an HTTP/1.1 request that has a body (RFC 9110 10.1.1:
    /// a 1.0 request's expectation is ignored, and without content there is nothing to wait for).
    public var expectContinue: Bool
    /// The single Host header's value (empty range when Host is present but empty, allowed by RFC 9112 3.2).
    public var host: Range<Int>?
    public var length: Int

    public init(method: HTTPMethod, target: Range<Int>, version: HTTPVersion, headers: [HeaderRange],
                framing: BodyFraming, keepAlive: Bool, expectContinue: Bool, host: Range<Int>?, length: Int) {
        self.method = method; self.target = target; self.version = version; self.headers = headers
        self.framing = framing; self.keepAlive = keepAlive; self.expectContinue = expectContinue
        self.host = host; self.length = length
    }
}

/// The parser's answer over the bytes it was given.
public enum ParseResult: Sendable, Equatable {
    /// A whole head; its `length` bytes are consumed.
    case complete(RequestHead)
    /// More bytes are needed (and the limits are not yet exceeded).
    case incomplete
    /// The head can never become valid: answer `error.status` and close.
    case invalid(HTTPServerError)
}

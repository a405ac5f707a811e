/// One request for `HTTPClient`: the body (if any) is sent with `Content-Length`.
public struct HTTPClientRequest: Sendable {
    public var method: String
    /// Origin-form target: path plus query (`/agent/v1/commands?after=3`).
    public var target: String
    public var headers: HTTPHeaders
    public var body: [UInt8]?
    /// How long to wait for the whole response after the request went out; `nil`: the client's
    /// `readTimeout`. A long poll sets its wait plus a margin.
    public var timeout: Duration?
    /// Whether the request may be sent again when a reused keep-alive connection turns out to have
    /// been closed by the server before any byte of the answer came (GET, or a POST whose effect is
    /// keyed by an idempotency key). Never retried after part of a response arrived.
    public var isIdempotent: Bool

    public init(method: String, target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8]? = nil,
                timeout: Duration? = nil, isIdempotent: Bool? = nil) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.isIdempotent = isIdempotent ?? (method == "GET" || method == "HEAD")
    }
}

/// A complete response. A `gzip` body is inflated (and `Content-Encoding` removed) unless the
/// client was told to keep it encoded.
public struct HTTPClientResponse: Sendable {
    public var status: Int
    public var reason: String
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, reason: String = "", headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text (invalid sequences replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }
}

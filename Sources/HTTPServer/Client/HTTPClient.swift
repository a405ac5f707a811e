/// A small blocking HTTP/1.1 client: one keep-alive connection to one server, plain or TLS (mutual
/// TLS when the context carries a client certificate).
///
/// Blocking by design: every call waits (bounded by its timeouts) on the calling thread. Use it from
/// a dedicated thread or an `offload`-style helper, never on an event loop or Swift's cooperative
/// pool. Not thread-safe: one owner at a time.
///
/// The connection is opened on the first request and reused while the server allows it. A request
/// marked `isIdempotent` is sent once more on a fresh connection when a reused one turns out to be
/// closed before any byte of the answer arrived (the server's idle timeout raced us); nothing is ever
/// retried after part of an answer came.
public final class HTTPClient {
    /// Where to connect and how long to wait.
    public struct Configuration: Sendable {
        /// DNS name or IP literal (IPv6 without brackets).
        public var host: String
        public var port: Int
        /// A client context (`TLSContext(client:)`) for HTTPS; `nil` for plain HTTP.
        public var tls: TLSContext?
        /// TCP connect plus TLS handshake.
        public var connectTimeout: Duration = .seconds(10)
        /// Sending one request.
        public var writeTimeout: Duration = .seconds(30)
        /// Waiting for one whole response (per request overridable with `HTTPClientRequest.timeout`).
        public var readTimeout: Duration = .seconds(30)
        /// Largest response body accepted (after gzip decoding).
        public var maxResponseBytes = 64 << 20
        /// Inflate `Content-Encoding: gzip` bodies (the header is then removed).
        public var decodesGzip = true
        /// Sent as `User-Agent` when set.
        public var userAgent: String?

        public init(host: String, port: Int, tls: TLSContext? = nil) {
            self.host = host
            self.port = port
            self.tls = tls
        }
    }

    public let configuration: Configuration
    private var transport: ClientTransport?
    /// Connections opened so far (a test sees reuse as 1 for many requests).
    public private(set) var connectionsOpened = 0

    public init(_ configuration: Configuration) {
        self.configuration = configuration
    }

    deinit { transport?.close() }

    /// Whether a connection is open (it may still have been closed by the server meanwhile).
    public var isConnected: Bool { transport?.isOpen ?? false }

    /// The server's certificate on the current TLS connection.
    public var peerCertificate: PeerCertificate? { transport?.peerCertificate }

    /// Opens the connection now (TCP, then TLS) unless one is open; a way to check reachability and
    /// the server's certificate before sending anything.
    public func connect() throws(HTTPClientError) {
        if let transport, transport.isOpen { return }
        transport = try open()
    }

    /// Closes the connection (a later request opens a new one).
    public func close() {
        transport?.close()
        transport = nil
    }

    /// Sends `request` and returns the complete response, whatever its status.
    public func send(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        let wire = try encode(request)
        let reused = transport?.isOpen == true
        do {
            return try exchange(wire, request)
        } catch {
            // A reused connection the server had already closed: once more on a new one.
            guard reused, request.isIdempotent, case .connectionClosed = error else { throw error }
            return try exchange(wire, request)
        }
    }

    /// Shorthand for `send` with a method, target, optional body and headers.
    public func request(_ method: String, _ target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8]? = nil,
                        timeout: Duration? = nil) throws(HTTPClientError) -> HTTPClientResponse {
        try send(HTTPClientRequest(method: method, target: target, headers: headers, body: body, timeout: timeout))
    }

    private func exchange(_ wire: [UInt8], _ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        let connection: ClientTransport
        if let transport, transport.isOpen {
            connection = transport
        } else {
            connection = try open()
            transport = connection
        }
        do throws(HTTPClientError) {
            // Bytes from the server before our request (there should be none) would be a stale answer.
            if !connection.received.isEmpty { throw HTTPClientError.malformedResponse("unsolicited bytes before the request") }
            connection.requestsSent += 1
            try connection.send(wire, deadline: Self.deadline(configuration.writeTimeout))
            let reader = ResponseReader(maxBodyBytes: configuration.maxResponseBytes)
            var (response, keepAlive) = try reader.read(from: connection, method: request.method,
                                                        deadline: Self.deadline(request.timeout ?? configuration.readTimeout))
            if !keepAlive || !connection.received.isEmpty { close() }
            if configuration.decodesGzip, response.headers["Content-Encoding"]?.lowercased() == "gzip" {
                guard let inflated = Gzip.decompress(response.body, limit: configuration.maxResponseBytes) else {
                    throw HTTPClientError.malformedResponse("gzip body does not inflate (or is larger than the limit)")
                }
                response.body = inflated
                response.headers.remove("Content-Encoding")
            }
            return response
        } catch {
            // After any failure the connection's framing is unknown: never reuse it.
            close()
            throw error
        }
    }

    private func open() throws(HTTPClientError) -> ClientTransport {
        let timeout = Self.milliseconds(configuration.connectTimeout)
        let connection = try ClientTransport(host: configuration.host, port: configuration.port, tls: configuration.tls,
                                             connectTimeoutMs: Int32(clamping: timeout),
                                             deadline: Self.deadline(configuration.connectTimeout))
        connectionsOpened += 1
        return connection
    }

    /// The request in wire form; refuses CR, LF or NUL anywhere they could split the message.
    private func encode(_ request: HTTPClientRequest) throws(HTTPClientError) -> [UInt8] {
        func clean(_ text: String) -> Bool { !text.utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 } }
        guard !request.method.isEmpty, request.method.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) else {
            throw .invalidRequest("method \(request.method)")
        }
        guard request.target.hasPrefix("/"), clean(request.target), !request.target.contains(" ") else {
            throw .invalidRequest("target \(request.target)")
        }
        var head = "\(request.method) \(request.target) HTTP/1.1\r\n"
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        let defaultPort = configuration.tls == nil ? 80 : 443
        head += "Host: \(host)\(configuration.port == defaultPort ? "" : ":\(configuration.port)")\r\n"
        if let agent = configuration.userAgent, !request.headers.contains("User-Agent") { head += "User-Agent: \(agent)\r\n" }
        for field in request.headers {
            let lowered = field.name.lowercased()
            guard !field.name.isEmpty, clean(field.name), clean(field.value), !field.name.contains(":"),
                  !field.name.contains(" ") else {
                throw .invalidRequest("header \(field.name)")
            }
            // Framing and Host are ours to write.
            if lowered == "host" || lowered == "content-length" || lowered == "transfer-encoding" { continue }
            head += "\(field.name): \(field.value)\r\n"
        }
        if let body = request.body {
            head += "Content-Length: \(body.count)\r\n"
        } else if ["POST", "PUT", "PATCH"].contains(request.method) {
            head += "Content-Length: 0\r\n"
        }
        head += "\r\n"
        var wire = Array(head.utf8)
        if let body = request.body { wire += body }
        return wire
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    static func deadline(_ duration: Duration) -> UInt64 {
        Syscalls.monotonicNanoseconds() + UInt64(milliseconds(duration)) * 1_000_000
    }
}

/// Writes the body of a streamed response. `write` suspends while the client is slow to read, so a
/// producer can never fill the server's memory; it throws once the connection is gone.
public protocol ResponseBodyWriter: Sendable {
    func write(_ bytes: [UInt8]) async throws
}

/// A response as handlers build it.
public struct HTTPResponse: Sendable {
    public enum Body: Sendable {
        case empty
        case bytes([UInt8])
        /// Produced while it is sent: chunked for HTTP/1.1 clients, close-delimited for HTTP/1.0.
        case stream(@Sendable (any ResponseBodyWriter) async throws -> Void)
    }

    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: Body
    /// Header lines already serialized (`Name: value\r\n`...), written before `headers`; static files
    /// prepare theirs once at start so serving one costs no string work.
    var preparedHeaders: [UInt8]?
    /// Forces `Connection: close` after this response.
    public var closeConnection = false

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: Body = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    init(status: HTTPStatus, preparedHeaders: [UInt8], body: [UInt8]) {
        self.status = status
        self.headers = [:]
        self.body = .bytes(body)
        self.preparedHeaders = preparedHeaders
    }

    // MARK: common responses

    public static func text(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .bytes(Array(text.utf8)))
    }

    public static func html(_ html: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: .bytes(Array(html.utf8)))
    }

    public static func json(_ bytes: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: .bytes(bytes))
    }

    /// 303 See Other: the answer to a form POST (the browser then GETs `location`).
    public static func redirect(to location: String, status: HTTPStatus = .seeOther) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Location": location])
    }

    public static var notFound: HTTPResponse {
        var response = HTTPResponse.text("Not Found\n", status: .notFound)
        response.headers.add("X-Content-Type-Options", "nosniff")
        return response
    }
    public static var forbidden: HTTPResponse { .text("Forbidden\n", status: .forbidden) }

    /// The plain answer to a request the server refuses before any handler sees it.
    static func error(_ status: HTTPStatus) -> HTTPResponse {
        var response = HTTPResponse.text("\(status.code) \(status.reason)\n", status: status)
        response.closeConnection = true
        return response
    }
}

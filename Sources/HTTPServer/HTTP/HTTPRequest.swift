/// A complete request as handlers see it. It keeps one copy of the head's bytes and looks header
/// values up in them on demand, so a request whose headers nobody reads costs one allocation.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    public var version: HTTPVersion
    /// The request target exactly as sent (origin-, absolute- or asterisk-form).
    public var target: String
    /// The path of the target, still percent-encoded (`/a%20b`); absolute-form targets are reduced to it.
    public var path: String
    /// The query after `?`, still percent-encoded, or nil.
    public var query: String?
    public var body: [UInt8]
    /// Path parameters filled in by the router (`/devices/:id` → `["id": "42"]`), percent-decoded.
    public var parameters: [String: String] = [:]
    public var remoteAddress: String
    /// Whether the request came over TLS.
    public var isSecure: Bool
    /// The verified client certificate on listeners that demand one.
    public var peerCertificate: PeerCertificate?
    /// Whether the client asked to keep the connection open.
    public var keepAlive: Bool

    private var head: [UInt8]
    private var headerRanges: [HeaderRange]

    /// Builds a request from a parsed head; `bytes` are the head's bytes the ranges point into.
    init(head parsed: RequestHead, bytes: UnsafeRawBufferPointer, remoteAddress: String, isSecure: Bool) {
        self.head = Array(UnsafeRawBufferPointer(rebasing: bytes[0..<parsed.length]))
        self.headerRanges = parsed.headers
        self.method = parsed.method
        self.version = parsed.version
        self.keepAlive = parsed.keepAlive
        self.remoteAddress = remoteAddress
        self.isSecure = isSecure
        self.body = []
        let target = String(decoding: bytes[parsed.target], as: UTF8.self)
        self.target = target
        (self.path, self.query) = HTTPRequest.split(target: target)
    }

    /// A request made in memory, for tests and for routing without a socket.
    public init(method: HTTPMethod, target: String, headers: HTTPHeaders = [:], body: [UInt8] = [],
                version: HTTPVersion = .http11, remoteAddress: String = "127.0.0.1", isSecure: Bool = false) {
        var ranges: [HeaderRange] = []
        var bytes: [UInt8] = []
        for field in headers {
            let nameStart = bytes.count
            bytes += Array(field.name.utf8)
            let nameEnd = bytes.count
            bytes += Array(field.value.utf8)
            ranges.append(HeaderRange(name: nameStart..<nameEnd, value: nameEnd..<bytes.count))
        }
        self.head = bytes
        self.headerRanges = ranges
        self.method = method
        self.version = version
        self.target = target
        (self.path, self.query) = HTTPRequest.split(target: target)
        self.body = body
        self.remoteAddress = remoteAddress
        self.isSecure = isSecure
        self.keepAlive = true
    }

    /// The first value of header `name` (case-insensitive), or nil.
    public func header(_ name: String) -> String? {
        var name = name
        return name.withUTF8 { wanted in
            for range in headerRanges where HTTPRequest.equalsIgnoringCase(head, range.name, wanted) {
                return String(decoding: head[range.value], as: UTF8.self)
            }
            return nil
        }
    }

    /// All header fields, in order, materialized as strings.
    public var headers: HTTPHeaders {
        HTTPHeaders(headerRanges.map { (String(decoding: head[$0.name], as: UTF8.self), String(decoding: head[$0.value], as: UTF8.self)) })
    }

    /// The path with percent-escapes decoded, or nil when the escapes are malformed or decode to invalid UTF-8 or NUL.
    public var decodedPath: String? { PercentDecoding.decode(path) }

    /// Query parameters, decoded (`+` as space, as in HTML forms).
    public var queryItems: [(name: String, value: String)] {
        guard let query else { return [] }
        return PercentDecoding.formItems(query)
    }

    static func split(target: String) -> (String, String?) {
        var rest = Substring(target)
        // absolute-form: scheme://authority/path?query — keep the path (RFC 9112 3.2.2).
        if let schemeEnd = rest.range(of: "://") {
            rest = rest[schemeEnd.upperBound...]
            if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) { rest = rest[slash...] } else { rest = "/" }
            if rest.first == "?" { rest = "/" + rest }
        }
        if let mark = rest.firstIndex(of: "?") {
            return (String(rest[..<mark]), String(rest[rest.index(after: mark)...]))
        }
        return (String(rest), nil)
    }

    private static func equalsIgnoringCase(_ bytes: [UInt8], _ range: Range<Int>, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        guard range.count == wanted.count else { return false }
        var i = 0
        for index in range {
            if bytes[index].asciiLowercased != wanted[i].asciiLowercased { return false }
            i += 1
        }
        return true
    }
}

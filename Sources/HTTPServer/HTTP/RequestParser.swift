/// Parses an HTTP/1.1 request head (RFC 9112). STUB: replaced by the real parser.
public struct RequestParser: Sendable {
    public let limits: HTTPLimits
    public init(limits: HTTPLimits = HTTPLimits()) { self.limits = limits }
    public func parse(_ buffer: UnsafeRawBufferPointer) -> ParseResult { .incomplete }
}

/// Every limit the server enforces, in one value (Go's `http.Server` keeps the same four timeouts).
public struct HTTPLimits: Sendable {
    /// Request line plus all header lines, CRLFs included; beyond it: 431.
    public var maxHeaderBytes: Int = 16 * 1024
    /// Header fields per request; beyond it: 431.
    public var maxHeaderCount: Int = 100
    /// Request-target length; beyond it: 414.
    public var maxTargetLength: Int = 8 * 1024
    /// Body size when the route does not say otherwise; beyond it: 413, decided before the body is read.
    public var defaultMaxBodyBytes: Int = 1 << 20
    /// Trailer section of a chunked body.
    public var maxTrailerBytes: Int = 8 * 1024
    /// From connection open (or the end of the previous response) until a whole head has arrived.
    public var headerTimeout: Duration = .seconds(10)
    /// While a body is being received, the longest silence between two reads.
    public var readTimeout: Duration = .seconds(30)
    /// A keep-alive connection with nothing in flight is closed after this.
    public var idleTimeout: Duration = .seconds(60)
    /// A response that the client does not drain within this is abandoned.
    public var writeTimeout: Duration = .seconds(30)
    /// Open connections across all loops; at the limit, listeners pause until one closes.
    public var maxConnections: Int = 10_000

    public init() {}
}

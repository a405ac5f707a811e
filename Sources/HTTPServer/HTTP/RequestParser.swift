/// Parses an HTTP/1.1 request head (RFC 9112 sections 2-7), strictly and without copying.
///
/// The parser keeps no state between calls (picohttpparser's design): the connection passes every
/// byte received so far, from the head's first byte, and gets `.complete`, `.incomplete` or
/// `.invalid`. Re-scanning a partial head is cheaper than keeping a resumable state machine for the
/// one-read heads that dominate, and it leaves nothing to get out of step.
///
/// Strictness is the point: every ambiguity a front proxy and this server could resolve differently
/// (duplicate or list Content-Length, Transfer-Encoding other than exactly `chunked`, both framings,
/// whitespace before a colon, obs-fold, bare CR or LF) is refused, so no request can be smuggled.
/// Errors are reported as early as the bytes allow, and a longer prefix of the same input never
/// changes an `.invalid` answer (see `HeadScanner`).
public struct RequestParser: Sendable {
    public let limits: HTTPLimits

    public init(limits: HTTPLimits = HTTPLimits()) { self.limits = limits }

    /// Parses the head at the start of `buffer`; ranges in the result are offsets into `buffer`.
    ///
    /// Allocates only the headers array (and a String for an extension method).
    public func parse(_ buffer: UnsafeRawBufferPointer) -> ParseResult {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return .incomplete }
        return ByteClass.table.withUnsafeBufferPointer { classes in
            var scanner = HeadScanner(base: base, count: buffer.count, classes: classes.baseAddress!,
                                      limits: limits)
            do throws(ScanStop) {
                return .complete(try scanner.scanHead())
            } catch {
                switch error {
                case .needMore: return .incomplete
                case .invalid(let reason): return .invalid(reason)
                }
            }
        }
    }
}

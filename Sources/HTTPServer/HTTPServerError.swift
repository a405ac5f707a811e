/// Everything that can go wrong in the HTTP server, named for what happened.
///
/// Request-framing cases carry the status the server answers with before it closes the connection;
/// I/O cases name the call and errno; TLS cases carry OpenSSL's drained error queue as text.
public enum HTTPServerError: Error, Equatable, Sendable {
    // Request line and headers (RFC 9112 section 3 and 5).
    case malformedRequestLine
    case invalidMethod
    case invalidTarget
    case unsupportedVersion
    case targetTooLong
    case headersTooLarge
    case tooManyHeaders
    case invalidHeaderName
    case invalidHeaderValue
    case obsoleteLineFolding
    case bareCarriageReturn
    case missingHost
    case duplicateHost
    case unsupportedExpectation
    // Message framing (RFC 9112 section 6): anything here could be used to smuggle a request.
    case invalidContentLength
    case duplicateContentLength
    case contentLengthWithTransferEncoding
    case unsupportedTransferEncoding
    case transferEncodingInHTTP10
    case invalidChunkSize
    case invalidChunkExtension
    case invalidChunkData
    case invalidTrailer
    case bodyTooLarge
    // I/O and TLS.
    case syscall(String, Int32)
    case tls(String)
    case timedOut
    case connectionClosed

    /// The status a server answers with for a request it refuses; `nil` for errors that only close.
    /// A transfer coding other than a lone `chunked` is answered 400, not RFC 9112's suggested 501:
    /// the framing of such a body cannot be trusted, and every framing refusal is one 4xx.
    public var status: HTTPStatus? {
        switch self {
        case .targetTooLong: return .uriTooLong
        case .headersTooLarge, .tooManyHeaders: return .requestHeaderFieldsTooLarge
        case .unsupportedVersion: return .httpVersionNotSupported
        case .unsupportedExpectation: return .expectationFailed
        case .bodyTooLarge: return .contentTooLarge
        case .timedOut: return .requestTimeout
        case .syscall, .tls, .connectionClosed: return nil
        default: return .badRequest
        }
    }
}

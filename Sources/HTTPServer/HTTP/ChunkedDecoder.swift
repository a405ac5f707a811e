/// Decodes a chunked request body (RFC 9112 section 7.1), strictly, across any number of reads.
///
/// Unlike the head parser this one keeps state: a body can be far larger than a read buffer, so
/// `decode` consumes every byte it is given, appends chunk data to `body`, and remembers where in the
/// grammar it stopped (even in the middle of a chunk-size line). Splitting the input anywhere gives
/// the same body, the same consumed count and the same error as one call with all of it.
///
/// Strict: chunk sizes are 1 to 15 hex digits with nothing around them, extensions follow
/// `;name[=token|quoted-string]` without whitespace, every line ends in CRLF, chunk data is followed
/// by exactly CRLF, and trailer fields are validated like header fields then discarded (so nothing
/// in them can reach the application, RFC 9110 6.5.1). After the final CRLF nothing more is consumed:
/// the bytes that follow belong to the next request. An error is final; later calls rethrow it.
public struct ChunkedDecoder: Sendable {
    /// Hex digits allowed in a chunk size: 15 digits are at most 2^60 - 1, which cannot overflow an Int.
    static let maxSizeDigits = 15
    /// Chunk-extension bytes allowed over the whole body. Extensions are validated and dropped, so
    /// without a bound a client could make us parse megabytes per byte of data (CVE-2024-22019 in Node).
    static let maxExtensionBytes = 4096

    /// Where in the chunked-body grammar the next byte falls.
    enum State: Sendable, Equatable {
        case size, sizeLF
        case extensionStart, extensionName, extensionValueStart, extensionToken
        case extensionQuoted, extensionQuotedPair, extensionQuotedEnd
        case data, dataCR, dataLF
        case trailerLineStart, trailerName, trailerValue, trailerLF, finalLF
        case complete
    }

    /// The final CRLF has been consumed: the body is whole and `decode` will consume nothing more.
    public var isComplete: Bool { state == .complete }
    let maxBodyBytes: Int
    let maxTrailerBytes: Int
    var state = State.size
    /// Digits read of the current chunk size, and its value so far.
    var sizeDigits = 0
    var chunkSize = 0
    /// Data bytes of the current chunk still to come.
    var remaining = 0
    var bodyBytes = 0
    var extensionBytes = 0
    var trailerBytes = 0
    var failure: HTTPServerError?

    public init(maxBodyBytes: Int, maxTrailerBytes: Int = 8 * 1024) {
        self.maxBodyBytes = maxBodyBytes
        self.maxTrailerBytes = maxTrailerBytes
    }

    /// Decodes as much of `input` as belongs to the body, appending chunk data to `body`, and returns
    /// how many bytes of `input` it consumed: all of them unless the body ended inside `input`.
    public mutating func decode(_ input: UnsafeRawBufferPointer,
                                into body: inout [UInt8]) throws(HTTPServerError) -> Int {
        if let failure { throw failure }
        var i = 0
        do throws(HTTPServerError) {
            while i < input.count && !isComplete {
                if state == .data {
                    // The one bulk path: chunk data is copied, never looked at.
                    let take = min(remaining, input.count - i)
                    body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[i..<(i + take)]))
                    i += take
                    remaining -= take
                    if remaining == 0 { state = .dataCR }
                    continue
                }
                try step(input[i])
                i += 1
            }
        } catch {
            failure = error
            throw error
        }
        return i
    }

    /// Advances the state machine over one byte outside chunk data.
    mutating func step(_ byte: UInt8) throws(HTTPServerError) {
        let classes = ByteClass.table
        let cls = classes[Int(byte)]
        switch state {
        case .size:
            try stepSize(byte, cls)
        case .sizeLF:
            guard byte == ASCII.lf else { throw .invalidChunkSize }
            endSizeLine()
        case .extensionStart, .extensionName, .extensionValueStart, .extensionToken,
             .extensionQuoted, .extensionQuotedPair, .extensionQuotedEnd:
            try stepExtension(byte, cls)
        case .dataCR:
            guard byte == ASCII.cr else { throw .invalidChunkData }
            state = .dataLF
        case .dataLF:
            guard byte == ASCII.lf else { throw .invalidChunkData }
            state = .size
            sizeDigits = 0
            chunkSize = 0
        case .trailerLineStart, .trailerName, .trailerValue, .trailerLF, .finalLF:
            try stepTrailer(byte, cls)
        case .data, .complete:
            preconditionFailure("data is copied in bulk and nothing follows completion")
        }
    }

    /// `chunk-size = 1*HEXDIG`, then `;` for extensions or CR: no whitespace, no sign, no "0x".
    mutating func stepSize(_ byte: UInt8, _ cls: UInt8) throws(HTTPServerError) {
        if cls & ByteClass.hexDigit != 0 {
            guard sizeDigits < Self.maxSizeDigits else { throw .invalidChunkSize }
            sizeDigits += 1
            chunkSize = chunkSize << 4 | Int(Self.hexValue(byte))
            // Refuse as soon as the declared size alone would pass the limit, before any data is read.
            guard chunkSize <= maxBodyBytes - bodyBytes else { throw .bodyTooLarge }
            return
        }
        guard sizeDigits > 0 else { throw .invalidChunkSize }
        switch byte {
        case ASCII.semicolon: state = .extensionStart
        case ASCII.cr: state = .sizeLF
        default: throw .invalidChunkSize
        }
    }

    /// The chunk-size line ended: a chunk's data follows, or after `0` the trailer section.
    mutating func endSizeLine() {
        if chunkSize == 0 {
            state = .trailerLineStart
        } else {
            bodyBytes += chunkSize
            remaining = chunkSize
            state = .data
        }
    }

    /// The value of a byte already known to be a hex digit.
    static func hexValue(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        default: return byte - 0x61 + 10
        }
    }
}

/// Decodes a chunked request body (RFC 9112 section 7.1). STUB: replaced by the real decoder.
public struct ChunkedDecoder: Sendable {
    public private(set) var isComplete = false
    public init(maxBodyBytes: Int, maxTrailerBytes: Int = 8 * 1024) {}
    public mutating func decode(_ input: UnsafeRawBufferPointer, into body: inout [UInt8]) throws(HTTPServerError) -> Int { 0 }
}

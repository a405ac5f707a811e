// TEMPORARY: lets the event loop compile before the real TLS files land. Delete this file when
// Sources/HTTPServer/TLS/ gets TLSContext, TLSSession and PeerCertificate.
public struct PeerCertificate: Sendable { public var commonName: String? }
public final class TLSContext: Sendable {}
public enum TLSStep { case done, wantIO, failed(HTTPServerError) }
public enum TLSReadResult { case ok(Int), closed, failed(HTTPServerError) }
public final class TLSSession {
    public init(context: TLSContext, isServer: Bool) throws(HTTPServerError) {}
    public func feed(_ ciphertext: UnsafeRawBufferPointer) {}
    public func handshake() -> TLSStep { .done }
    public func read(into buffer: inout [UInt8]) -> TLSReadResult { .closed }
    public func write(_ plaintext: UnsafeRawBufferPointer) throws(HTTPServerError) {}
    public func drainOutput(into buffer: inout [UInt8]) {}
    public var hasPendingOutput: Bool { false }
    public var peerCertificate: PeerCertificate? { nil }
}

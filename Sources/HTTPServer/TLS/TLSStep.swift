/// Where a TLS handshake stands after the bytes fed so far.
public enum TLSStep: Equatable {
    /// The handshake finished; application data may flow (flush pending output first).
    case done
    /// More ciphertext from the peer is needed, and/or output is waiting in `drainOutput`.
    case wantIO
    /// The handshake failed; an alert for the peer may be waiting in `drainOutput`.
    case failed(HTTPServerError)
}

/// What one `TLSSession.read(into:)` produced.
public enum TLSReadResult: Equatable {
    /// This many plaintext bytes were appended (possibly 0: the fed bytes held no complete record).
    case ok(Int)
    /// The peer sent close_notify and every byte before it has already been returned.
    case closed
    /// A record failed to decrypt or a fatal alert arrived; the connection cannot continue.
    case failed(HTTPServerError)
}

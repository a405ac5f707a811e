/// A streamed body in progress: how it is framed, and the producer waiting for room, if any.
struct StreamState {
    let chunked: Bool
    let closeAfter: Bool
    var waiter: CheckedContinuation<Void, any Error>?

    mutating func resumeWaiter() {
        waiter?.resume()
        waiter = nil
    }

    mutating func fail() {
        waiter?.resume(throwing: HTTPServerError.connectionClosed)
        waiter = nil
    }
}

extension Connection {
    /// An async handler answered.
    func asyncResponseArrived(_ response: HTTPResponse) {
        guard inflight, stream == nil else { return }
        send(response, context: currentContext)
        drive()
    }

    /// A streamed body's producer wrote; it resumes when the output is below the high-water mark.
    func streamChunkArrived(_ bytes: [UInt8], _ continuation: CheckedContinuation<Void, any Error>) {
        guard var state = stream else {
            continuation.resume(throwing: HTTPServerError.connectionClosed)
            return
        }
        ResponseEncoder.appendChunk(bytes, chunked: state.chunked, into: output)
        state.waiter = continuation
        stream = state
        flush()
        if !closed && pendingOutput < Connection.highWater { stream?.resumeWaiter() }
    }

    /// The producer finished (or threw: then the body is cut short and the connection closed, the only
    /// way HTTP/1.1 can tell the client the response is incomplete).
    func streamEnded(failed: Bool) {
        guard let state = stream else { return }
        stream = nil
        if failed {
            flush()
            close()
            return
        }
        ResponseEncoder.appendLastChunk(chunked: state.chunked, into: output)
        finishExchange(closeAfter: state.closeAfter)
        drive()
    }

    /// Shutdown began: idle connections close now, busy ones after their current response.
    func beginShutdown() {
        lifecycle.stopReading()
        if lifecycle.isIdle && !inflight && pending == nil && pendingOutput == 0 {
            close()
        } else if !inflight && pending == nil && lifecycle.phase == .closing && pendingOutput == 0 {
            close()
        }
    }

    /// A deadline passed.
    func timedOut(_ action: ConnectionLifecycle.TimeoutAction) {
        switch action {
        case .close:
            close()
        case .respondTimeoutAndClose:
            if inflight || pendingOutput > 0 {
                close()
            } else {
                refuse(.timedOut)
                flush()
                if !closed { close() }  // the client is not reading either: do not wait for it
            }
        }
    }

    /// TLS: one socket read fed to the session, then the handshake or decryption it allows.
    func readTLS() -> Bool {
        guard let tls else { return false }
        let space = loop.scratch
        let count: Int
        switch readSocket(into: space) {
        case .nothing: return false
        case .endOfStream: return true
        case .bytes(let n): count = n
        }
        tls.feed(UnsafeRawBufferPointer(rebasing: space[0..<count]))
        if !tlsReady {
            switch tls.handshake() {
            case .done:
                tlsReady = true
                peerCertificate = tls.peerCertificate
            case .wantIO:
                flush()
                return true
            case .failed(let error):
                loop.shared.logger.debug("TLS handshake from \(remoteAddress) failed: \(error)")
                flush()  // deliver OpenSSL's alert so the client learns why
                close()
                return false
            }
        }
        tlsScratch.removeAll(keepingCapacity: true)
        switch tls.read(into: &tlsScratch) {
        case .ok(let n):
            if n > 0 {
                tlsScratch.withUnsafeBytes { input.append($0) }
                lifecycle.bytesArrived(now: loop.now)
            }
        case .closed:
            peerClosed = true
        case .failed:
            close()
            return false
        }
        return true
    }
}

import COpenSSL

/// Turns OpenSSL failures into `HTTPServerError.tls` with the error queue as text.
///
/// OpenSSL keeps a per-thread queue of errors; a failing call may push several (the outermost last).
/// Every failure path drains the queue, so a later `SSL_get_error` on the same loop thread never sees
/// another connection's leftovers (its documentation requires an empty queue before each I/O call).
enum OpenSSLError {
    /// `.tls("<what>: <queue>")`, or just `what` when OpenSSL queued nothing.
    static func make(_ what: String) -> HTTPServerError {
        let queue = drainQueue()
        return .tls(queue.isEmpty ? what : "\(what): \(queue)")
    }

    /// Empties the calling thread's error queue into one line, oldest entry first, joined by "; ".
    static func drainQueue() -> String {
        var messages: [String] = []
        // 256 bytes is what OpenSSL itself uses for ERR_error_string; small enough for the stack.
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { text in
            while true {
                let code = ERR_get_error()
                if code == 0 { break }
                ERR_error_string_n(code, text.baseAddress, text.count)
                messages.append(String(cString: text.baseAddress!))
            }
        }
        return messages.joined(separator: "; ")
    }

    /// Clears leftovers before an `SSL_*` call whose outcome is read with `SSL_get_error`.
    @inline(__always)
    static func clearQueue() {
        ERR_clear_error()
    }
}

/// What `SSL_get_error` says about a non-successful `SSL_do_handshake`/`SSL_read_ex`/`SSL_write_ex`,
/// reduced to what the session acts on.
enum SSLCallOutcome {
    /// Needs more ciphertext from the peer (memory BIO empty) or has output to flush.
    case wantIO
    /// The peer sent close_notify.
    case closed
    /// A protocol or verification error; the connection cannot continue.
    case fatal

    init(ssl: OpaquePointer, returnCode: Int32) {
        switch SSL_get_error(ssl, returnCode) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            self = .wantIO
        case SSL_ERROR_ZERO_RETURN:
            self = .closed
        default:
            // SSL_ERROR_SSL, and SSL_ERROR_SYSCALL, which with memory BIOs can only mean an
            // unexpected end of the data we were given; the WANT_X509_LOOKUP/ASYNC family is
            // never enabled here.
            self = .fatal
        }
    }
}

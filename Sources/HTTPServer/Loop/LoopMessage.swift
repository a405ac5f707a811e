/// What other threads hand to a loop. Connections are named by token (generation and descriptor),
/// so a message for a connection that closed meanwhile finds nothing and is dropped.
enum LoopMessage: Sendable {
    /// An async handler's answer.
    case response(token: UInt64, HTTPResponse)
    /// A piece of a streamed body; the continuation resumes once the client has room for more.
    case chunk(token: UInt64, [UInt8], CheckedContinuation<Void, any Error>)
    /// A streamed body ended (`failed`: the producer threw, so the response is cut short).
    case streamEnd(token: UInt64, failed: Bool)
    /// Stop accepting, finish what is in flight, close everything by `deadline` (monotonic ns).
    case shutdown(deadline: UInt64)
}

/// The writer a streamed body's producer gets: each write goes to the loop as a message.
struct LoopBodyWriter: ResponseBodyWriter {
    let loop: EventLoop
    let token: UInt64

    func write(_ bytes: [UInt8]) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            loop.post(.chunk(token: token, bytes, continuation))
        }
    }
}

import Glibc

/// Holds the closure a new thread runs, across the C thread-start boundary.
private final class ThreadBody {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}

/// Starts a detached OS thread running `body`: the receive loops block in `poll`, which must never
/// happen on Swift's cooperative pool (it has one thread per core).
func startBackgroundThread(_ body: @escaping @Sendable () -> Void) throws(SNMPError) {
    let box = Unmanaged.passRetained(ThreadBody(body))
    var thread = pthread_t()
    let result = pthread_create(&thread, nil, { raw in
        guard let raw else { return nil }
        let body = Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue()
        body.run()
        return nil
    }, box.toOpaque())
    guard result == 0 else {
        box.release()
        throw .socket("pthread_create: errno \(result)")
    }
    pthread_detach(thread)
}

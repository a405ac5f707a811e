import Foundation

/// Runs a blocking call (a socket read, a child process, a wait) on a thread of its own and awaits it.
///
/// Swift Testing runs tests on the cooperative thread pool, which has one thread per core (two here).
/// A test that blocks one of them starves every async test of the same process — including the
/// server handlers those tests are waiting for — so blocking work in tests goes through this.
public func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.start()
    }
}

import Foundation
import Logging
import Synchronization

/// The HTTP server: one event loop per core, each with its own SO_REUSEPORT listener on every
/// configured port. `start` binds (so a taken port fails the start, not a later request) and starts
/// the loop threads; `shutdown` drains them in Go's order.
public final class Server: Sendable {
    private let listeners: [ListenerConfiguration]
    private let shared: ServerShared
    private let loopCount: Int
    private let state = Mutex<State>(State())

    private struct State {
        var loops: [EventLoop] = []
        var ports: [Int] = []
        var running = 0
        var finished: [CheckedContinuation<Void, Never>] = []
    }

    public init(listeners: [ListenerConfiguration], limits: HTTPLimits = HTTPLimits(), loopCount: Int? = nil,
                logger: Logger = Logger(label: "printercare.http")) {
        self.listeners = listeners
        let loops = max(1, loopCount ?? Syscalls.processorCount)
        self.shared = ServerShared(limits: limits, logger: logger, handlerThreads: max(4, 2 * Syscalls.processorCount))
        self.loopCount = loops
    }

    /// The bound port of each listener, in configuration order (known after `start`).
    public var ports: [Int] { state.withLock { $0.ports } }

    /// Binds every listener on every loop and starts the loop threads.
    public func start() throws(HTTPServerError) {
        var loops: [EventLoop] = []
        for index in 0..<loopCount { loops.append(try EventLoop(index: index, shared: shared)) }
        var ports: [Int] = []
        for configuration in listeners {
            let (port, descriptors) = try bind(configuration, times: loops.count)
            for (loop, fd) in zip(loops, descriptors) { try loop.adopt(listenerFd: fd, configuration: configuration) }
            ports.append(port)
        }
        state.withLock {
            $0.loops = loops
            $0.ports = ports
            $0.running = loops.count
        }
        for loop in loops {
            let thread = Thread { [self] in
                loop.run()
                self.loopEnded()
            }
            thread.name = "http-loop-\(loop.index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
        shared.logger.info("listening", metadata: ["ports": "\(zip(listeners.map(\.name), ports).map { "\($0)=\($1)" })", "loops": "\(loops.count)"])
    }

    /// One listening socket per loop on the configured port. Port 0 is resolved by probing for a free
    /// port first (binding port 0 with SO_REUSEPORT could share a port with an unrelated listener), so
    /// between the probe and the binds another socket may take the port: then probe again (seen on a
    /// busy test machine as EADDRINUSE), at most a few times.
    private func bind(_ configuration: ListenerConfiguration, times count: Int) throws(HTTPServerError) -> (Int, [Int32]) {
        var attempt = 0
        while true {
            let port = configuration.port == 0 ? try Syscalls.freePort(host: configuration.host) : configuration.port
            var descriptors: [Int32] = []
            do {
                for _ in 0..<count { descriptors.append(try Syscalls.listen(host: configuration.host, port: port)) }
                return (port, descriptors)
            } catch {
                descriptors.forEach(Syscalls.close)
                attempt += 1
                guard configuration.port == 0, attempt < 5, case .syscall("bind", EADDRINUSE) = error else { throw error }
            }
        }
    }

    private func loopEnded() {
        let (waiters, allEnded) = state.withLock { state -> ([CheckedContinuation<Void, Never>], Bool) in
            state.running -= 1
            guard state.running == 0 else { return ([], false) }
            state.loops = []
            defer { state.finished = [] }
            return (state.finished, true)
        }
        if allEnded { shared.handlers.stop() }
        for waiter in waiters { waiter.resume() }
    }

    /// Stops listening, closes idle connections, lets active ones finish for up to `grace`, then
    /// closes what is left. Returns when every loop has ended.
    public func shutdown(grace: Duration = .seconds(10)) async {
        let deadline = Syscalls.monotonicNanoseconds() + grace.nanoseconds
        let loops = state.withLock { $0.loops }
        for loop in loops { loop.post(.shutdown(deadline: deadline)) }
        await waitUntilStopped()
    }

    /// Returns once every loop has ended.
    public func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.running == 0 { return true }
                state.finished.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Open connections across all loops.
    public var openConnections: Int { shared.openConnections.load(ordering: .relaxed) }

    /// Blocks SIGTERM/SIGINT in this thread (call before `start`, so loop threads inherit the mask) ...
    public static func blockTerminationSignals() { Syscalls.blockTerminationSignals() }

    /// ... then waits for one of them; returns its number.
    public static func waitForTerminationSignal() -> Int32 { Syscalls.waitForTerminationSignal() }
}

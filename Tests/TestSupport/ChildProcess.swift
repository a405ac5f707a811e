import Foundation

/// A child process for tests, started with `posix_spawn` rather than Foundation's `Process`.
///
/// Why: on Linux, Foundation's `Process` lets a child inherit every descriptor the test process has
/// open at that moment — including pipes other tests (on other threads) just made for their own
/// children. A long-lived child (a server, a simulator) then holds the write end of someone else's
/// output pipe, and that test's read never sees end-of-file: the run hangs (seen: a `tokens create`
/// reader waiting on a pipe the SNMP simulator's watchdog had inherited). Closing the inherited
/// descriptors inside a Foundation child does not help either: Foundation learns that a child exited
/// through a socket the child inherits, so closing it leaves the child an unreaped zombie and
/// `waitUntilExit` hangs (tried). So: spawn through bash, which closes every descriptor above 2 and
/// then execs the program, and reap with `waitpid` ourselves.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked Sendable: `pid` is set once in init; `exitStatus` is guarded by `lock`.
    public let pid: pid_t
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// The bash prelude: close every inherited descriptor above 2, then exec the arguments.
    static let prelude = #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$@""#

    /// Where a standard stream of the child goes.
    public enum Stream {
        case null
        /// The write end of a pipe the caller reads (the child gets a copy; ours is closed after spawning).
        case pipe(Pipe)
        case file(String)
    }

    /// Starts `executable arguments…` with `environment` (nil: ours), in `directory` (nil: ours).
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                directory: String? = nil, stdout: Stream = .null, stderr: Stream = .null) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        for (fd, stream) in [(Int32(1), stdout), (Int32(2), stderr)] {
            switch stream {
            case .null: posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0)
            case .pipe(let pipe): posix_spawn_file_actions_adddup2(&actions, pipe.fileHandleForWriting.fileDescriptor, fd)
            case .file(let path): posix_spawn_file_actions_addopen(&actions, fd, path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            }
        }
        var script = Self.prelude
        if directory != nil { script = "cd \"$0\" || exit 127; " + script }
        let argv = ["/bin/bash", "-c", script, directory ?? "bash", executable] + arguments
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = env.map { strdup($0) } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, "/bin/bash", &actions, nil, &cArguments, &cEnvironment)
        // Our copies of the pipes' write ends go now, so the reader sees end-of-file when the child exits.
        for stream in [stdout, stderr] {
            if case .pipe(let pipe) = stream { try? pipe.fileHandleForWriting.close() }
        }
        guard result == 0 else { throw ChildProcessError(description: "cannot start \(executable): errno \(result)") }
        pid = child
    }

    /// Whether the child still runs (reaps it when it has exited).
    public var isRunning: Bool { status(blocking: false) == nil }

    /// Waits for the exit and returns the status (128 + signal when killed by one).
    @discardableResult
    public func wait() -> Int32 { status(blocking: true) ?? -1 }

    public func signal(_ signal: Int32) { if isRunning { kill(pid, signal) } }

    private func status(blocking: Bool) -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var raw: Int32 = 0
        let reaped = waitpid(pid, &raw, blocking ? 0 : WNOHANG)
        guard reaped == pid else { return nil }
        // WIFEXITED / WEXITSTATUS / WTERMSIG spelled out (the C macros are not imported).
        let signal = raw & 0x7F
        exitStatus = signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
        return exitStatus
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public let description: String
}

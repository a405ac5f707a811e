import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Why the simulator could not be provided; tests fail with this message instead of hanging.
struct SimulatorError: Error, CustomStringConvertible {
    let description: String
}

/// A real `snmpsim-command-responder` (PyPI) serving copies of the recordings on one loopback address.
///
/// The virtual environment is made once under `.build/snmpsim-venv` from Debian's `/usr/bin/python3`
/// with pinned versions and reused across runs. Start-up waits for the "Listening at" line with a
/// deadline, so a broken install fails the test with the responder's own output.
final class SNMPSimulator: @unchecked Sendable {
    // @unchecked Sendable: immutable after init except `stop`, which one test calls once.
    /// Versions known to work together (snmpsim 1.2 needs pysnmp 7 and pysmi).
    static let pins = ["snmpsim==1.2.2", "pysmi==2.0.0", "pysnmp==7.1.30", "pyasn1==0.6.5"]

    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized.path
    }
    static var fixtures: String { repositoryRoot + "/Tests/AgentTests/Fixtures/snmprec" }
    static var venv: String { repositoryRoot + "/.build/snmpsim-venv" }
    static var responderPath: String { venv + "/bin/snmpsim-command-responder" }

    /// The watchdog shell's pid; it leads a process group holding it and the responder.
    private(set) var pid: pid_t = 0
    private var running = false
    let address: String
    let port: Int
    let dataDirectory: String
    /// The responder's log (a file, not a pipe: nothing has to drain it while tests run).
    private let logPath: String

    /// Installs snmpsim when missing (blocking; call through `offload`). Serialised by a file lock so
    /// parallel test processes do not build the same venv twice.
    static func installIfNeeded() throws {
        if FileManager.default.isExecutableFile(atPath: responderPath) { return }
        try FileManager.default.createDirectory(atPath: repositoryRoot + "/.build", withIntermediateDirectories: true)
        let script = """
            set -e
            exec 9>"\(venv).lock"; flock 9
            [ -x "\(responderPath)" ] && exit 0
            rm -rf "\(venv)"
            /usr/bin/python3 -m venv "\(venv)"
            "\(venv)/bin/pip" install --quiet --disable-pip-version-check \(pins.joined(separator: " "))
            """
        let status = try run("/bin/bash", ["-c", script])
        guard status.code == 0, FileManager.default.isExecutableFile(atPath: responderPath) else {
            throw SimulatorError(description: "installing snmpsim into \(venv) failed:\n\(status.output)")
        }
    }

    /// A UDP port that was free on 127.0.0.1 a moment ago (the kernel picks it).
    static func freeUDPPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SimulatorError(description: "socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw SimulatorError(description: "bind failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts a responder on `address:port` serving `files` (recording name → community to serve it as).
    static func start(address: String = "127.0.0.1", port: Int? = nil,
                      files: [(recording: String, community: String)]) async throws -> SNMPSimulator {
        precondition(address.hasPrefix("127."), "tests only touch 127.0.0.0/8")
        return try await offload {
            try installIfNeeded()
            return try SNMPSimulator(address: address, port: port ?? freeUDPPort(), files: files)
        }
    }

    /// Starts a responder serving every recording under its own name as community.
    static func startAll() async throws -> SNMPSimulator {
        try await start(files: recordings.map { ($0, $0) })
    }

    /// The recording names (file names without `.snmprec`).
    static var recordings: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures)) ?? [])
            .filter { $0.hasSuffix(".snmprec") }.map { String($0.dropLast(8)) }.sorted()
    }

    private init(address: String, port: Int, files: [(recording: String, community: String)]) throws {
        self.address = address
        self.port = port
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("agent-snmpsim-\(UUID().uuidString)").path
        dataDirectory = base + "/data"
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        for file in files {
            try FileManager.default.copyItem(atPath: "\(Self.fixtures)/\(file.recording).snmprec",
                                             toPath: "\(dataDirectory)/\(file.community).snmprec")
        }
        // The responder drops to nobody when we are root: it must be able to read the copies.
        try FileManager.default.createDirectory(atPath: base + "/cache", withIntermediateDirectories: true)
        _ = chmod(base, 0o755); _ = chmod(dataDirectory, 0o755); _ = chmod(base + "/cache", 0o777)
        var arguments = ["--data-dir=\(dataDirectory)", "--cache-dir=\(base)/cache",
                         "--agent-udpv4-endpoint=\(address):\(port)"]
        if getuid() == 0 { arguments += ["--process-user=nobody", "--process-group=nogroup"] }
        logPath = base + "/responder.log"
        // A shell minds the responder: it kills it when this test process dies without stopping it
        // (a crash, a suite-wide simulator nobody tears down). It first closes every descriptor it
        // inherited above 2 (see TestSupport's ChildProcess: a pipe of another test must not stay open here).
        let watchdog = """
            for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done
            "$@" & child=$!
            while kill -0 \(getpid()) 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 0.5; done
            kill -9 $child 2>/dev/null
            """
        let argv = ["/bin/bash", "-c", watchdog, "snmpsim-watchdog", Self.responderPath] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so that stopping kills the shell and snmpsim together.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, argv[0], &actions, &attributes, &cArguments, environ)
        guard result == 0 else { throw SimulatorError(description: "cannot start snmpsim: \(String(cString: strerror(result)))") }
        pid = child
        running = true
        try waitUntilListening()
    }

    private func waitUntilListening() throws {
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, isRunning {
            text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if text.contains("Listening at") { return }
            usleep(100_000)
        }
        text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        stop()
        throw SimulatorError(description: "snmpsim did not start on \(address):\(port):\n\(text)")
    }

    /// Whether the watchdog shell (and so the responder) is still alive; reaps it when it is not.
    var isRunning: Bool {
        guard running else { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { running = false }
        return running
    }

    /// Stops the responder and removes its data.
    func stop() {
        if running {
            // SIGKILL to the whole group: snmpsim ignores SIGTERM once it has dropped privileges.
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
            running = false
        }
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: dataDirectory).deletingLastPathComponent().path)
    }

    /// Runs a command to completion, returning its exit code and merged output (blocking).
    static func run(_ executable: String, _ arguments: [String]) throws -> (code: Int32, output: String) {
        let result = try runToolBlocking(executable, arguments, includeErrors: true)
        return (result.status, result.output)
    }
}

extension SNMPSimulator {
    /// `freeUDPPort` off the cooperative pool.
    static func freeUDPPortAsync() async throws -> Int { try await offload { try freeUDPPort() } }
}

/// One responder serving every recording (community = recording name) for a whole suite, started
/// on first use: `static let simulator = SuiteSimulator()` in the suite, `try await simulator.get()`.
actor SuiteSimulator {
    private var simulator: SNMPSimulator?

    func get() async throws -> SNMPSimulator {
        if let simulator { return simulator }
        let started = try await SNMPSimulator.startAll()
        simulator = started
        return started
    }
}

import Foundation

/// The unprivileged system account PostgreSQL runs as when we are root (it refuses to run as root).
struct SystemAccount: Sendable, Equatable {
    let name: String
    let uid: uid_t
    let gid: gid_t

    /// Looks an account up in the password database.
    static func named(_ name: String) -> SystemAccount? {
        guard let entry = getpwnam(name) else { return nil }
        return SystemAccount(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
    }

    /// Who runs the embedded server: nobody special when we are not root (the server runs as us);
    /// as root, Debian's `postgres` account that the `postgresql` package creates, or failing that a
    /// `printercare-db` system account (no home, no login shell) made for the purpose.
    static func forDatabase() throws(StoreError) -> SystemAccount? {
        guard geteuid() == 0 else { return nil }
        if let postgres = named("postgres") { return postgres }
        if let ours = named("printercare-db") { return ours }
        let result = try HostCommand.run(HostCommand.locate("useradd", in: ["/usr/sbin", "/sbin", "/usr/bin"]),
                                         ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "printercare-db"],
                                         timeout: 30)
        guard result.status == 0, let made = named("printercare-db") else {
            throw .unavailable("cannot create the system account printercare-db: \(result.output)")
        }
        return made
    }
}

/// Runs the PostgreSQL tools (start-up only, so blocking is fine here).
enum HostCommand {
    /// Exit status and combined stdout/stderr of a command.
    struct Outcome {
        let status: Int32
        let output: String
    }

    /// Runs `executable` with `arguments`, as `account` through `runuser` when given, and gives up after
    /// `timeout` seconds (terminating it).
    ///
    /// Not Foundation's `Process`: on Linux it learns that a child exited through a descriptor the child
    /// inherits, and `pg_ctl start` leaves a server running that inherits it too, so the exit of pg_ctl
    /// was never noticed (tried: it hung until our time limit). Here the child gets stdin from /dev/null,
    /// stdout and stderr into a temporary file, every other descriptor closed, "/" as its directory (the
    /// account may not be able to enter ours; set by `sh -c 'cd / && exec "$@"'`), a clear signal mask and default dispositions (`serve`
    /// blocks SIGTERM/SIGINT, which children would otherwise inherit); we poll `waitpid`.
    static func run(_ executable: String, _ arguments: [String], as account: SystemAccount? = nil,
                    timeout: Double) throws(StoreError) -> Outcome {
        var command = ["/bin/sh", "-c", "cd / && exec \"$@\"", "sh", executable] + arguments
        if let account {
            command = [locate("runuser", in: ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]), "-u", account.name, "--"] + command
        }
        let outputPath = NSTemporaryDirectory() + "printercare-cmd-\(UUID().uuidString).log"
        let output = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw .unavailable("cannot create \(outputPath): errno \(errno)") }
        defer {
            close(output)
            unlink(outputPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        // glibc's closefrom/chdir spawn actions are `_np` extensions Swift's Glibc module leaves out: close
        // what /proc lists instead, and change directory through the shell.
        for descriptor in openDescriptors() where descriptor > 2 { posix_spawn_file_actions_addclose(&actions, descriptor) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, command[0], &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw .unavailable("cannot run \(command[0]): errno \(spawned)") }

        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGTERM)
                usleep(500_000)
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw .unavailable("\(URL(fileURLWithPath: executable).lastPathComponent) did not finish within \(Int(timeout)) s")
            }
            usleep(5_000)
        }
        // WIFEXITED/WEXITSTATUS are macros: exited normally when the low 7 bits are 0.
        let exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Outcome(status: exitStatus, output: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The descriptors open in this process.
    private static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }

    /// The first `name` found in `directories`, else `name` under the first directory (the error then
    /// names a path that can be checked).
    static func locate(_ name: String, in directories: [String]) -> String {
        for directory in directories where FileManager.default.isExecutableFile(atPath: directory + "/" + name) {
            return directory + "/" + name
        }
        return directories[0] + "/" + name
    }

    /// The PostgreSQL server binaries: `$PRINTERCARE_PG_BINDIR`, else `pg_config --bindir` (Debian's
    /// libpq-dev points it at the server's directory), else the newest `/usr/lib/postgresql/*/bin`.
    static func postgresBinaries() throws(StoreError) -> String {
        func hasServer(_ directory: String) -> Bool {
            FileManager.default.isExecutableFile(atPath: directory + "/initdb")
                && FileManager.default.isExecutableFile(atPath: directory + "/pg_ctl")
        }
        if let configured = ProcessInfo.processInfo.environment["PRINTERCARE_PG_BINDIR"], hasServer(configured) {
            return configured
        }
        for pgConfig in ["/usr/bin/pg_config", "/usr/local/bin/pg_config"] where FileManager.default.isExecutableFile(atPath: pgConfig) {
            if let result = try? run(pgConfig, ["--bindir"], timeout: 10), result.status == 0, hasServer(result.output) {
                return result.output
            }
        }
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions where hasServer("/usr/lib/postgresql/\(version)/bin") {
            return "/usr/lib/postgresql/\(version)/bin"
        }
        throw .unavailable("PostgreSQL server binaries not found (install the `postgresql` package, or set PRINTERCARE_PG_BINDIR)")
    }
}

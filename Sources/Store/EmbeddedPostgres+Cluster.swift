import Foundation

/// The steps of `EmbeddedPostgres.start()`: directories, initdb, settings, recovery and pg_ctl.
extension EmbeddedPostgres {
    /// Creates the directories (cluster and socket 0700) and hands them to `account` when we are root,
    /// then checks that the account can really reach them.
    func prepareDirectories(for account: SystemAccount?) throws(StoreError) {
        // sun_path holds 107 bytes; the server would fail later with a vaguer message.
        guard socketDirectory.utf8.count + "/.s.PGSQL.\(Self.port)".utf8.count <= 107 else {
            throw .unavailable("the data directory path is too long for a Unix socket: \(socketDirectory)")
        }
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            if clusterHome != directory {
                logger.notice("embedded PostgreSQL: the database account cannot reach the data directory; the cluster lives elsewhere",
                              metadata: ["data-dir": "\(directory)", "cluster": "\(clusterHome)"])
                try manager.createDirectory(atPath: clusterHome, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: 0o755])
            }
            for path in [dataDirectory, socketDirectory] {
                try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
                try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
            }
            if !manager.fileExists(atPath: logFile) { _ = manager.createFile(atPath: logFile, contents: nil) }
            // A log past 10 MB starts over: it only serves to explain failed starts.
            if let size = try manager.attributesOfItem(atPath: logFile)[.size] as? Int, size > 10_000_000 {
                try Data().write(to: URL(fileURLWithPath: logFile))
            }
        } catch {
            throw .unavailable("cannot prepare \(directory): \(error)")
        }
        guard let account else { return }
        for path in [dataDirectory, socketDirectory, logFile] where chown(path, account.uid, account.gid) != 0 {
            throw .unavailable("cannot hand \(path) to \(account.name): errno \(errno)")
        }
        let reachable = try HostCommand.run("/usr/bin/test", ["-w", dataDirectory, "-a", "-w", socketDirectory, "-a", "-w", logFile],
                                            as: account, timeout: 10)
        guard reachable.status == 0 else {
            throw .unavailable("""
                the \(account.name) account (PostgreSQL refuses to run as root) cannot reach \(clusterHome): every parent \
                directory must allow it through (chmod o+x), or choose a data directory such as /var/lib/printercare
                """)
        }
    }

    /// `initdb`: UTF-8, C locale, `trust` on the socket, `reject` on TCP; then our settings file is
    /// included from `postgresql.conf`. A directory left half-made by an interrupted initdb is emptied first.
    func initialise(binaries: String, account: SystemAccount?) throws(StoreError) {
        let manager = FileManager.default
        for leftover in (try? manager.contentsOfDirectory(atPath: dataDirectory)) ?? [] {
            try? manager.removeItem(atPath: dataDirectory + "/" + leftover)
        }
        var arguments = ["-D", dataDirectory, "-U", Self.superuser, "--auth-local=trust", "--auth-host=reject",
                         "--encoding=UTF8", "--locale=C"]
        if !options.durable { arguments.append("--no-sync") }
        logger.info("embedded PostgreSQL: initialising a cluster", metadata: ["data-dir": "\(dataDirectory)"])
        let result = try HostCommand.run(binaries + "/initdb", arguments, as: account, timeout: 180)
        guard result.status == 0 else { throw .unavailable("initdb failed: \(result.output)") }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dataDirectory + "/postgresql.conf"))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("\n# PrinterCare: socket, listening and test settings, rewritten at every start.\ninclude_if_exists = 'printercare.conf'\n".utf8))
        } catch {
            throw .unavailable("cannot extend postgresql.conf: \(error)")
        }
    }

    /// Rewrites `printercare.conf` at every start, so a moved data directory gets the right socket path.
    func writeSettings(account: SystemAccount?) throws(StoreError) {
        var settings: [(String, String)] = [
            ("listen_addresses", "''"),
            ("unix_socket_directories", Self.confQuote(socketDirectory)),
            ("unix_socket_permissions", "0700"),
            ("port", String(Self.port)),
        ]
        if !options.durable {
            settings += [("fsync", "off"), ("synchronous_commit", "off"), ("full_page_writes", "off")]
        }
        settings += options.settings.sorted { $0.key < $1.key }.map { ($0.key, Self.confQuote($0.value)) }
        let text = "# Written by printercare at every start: edit postgresql.conf instead.\n"
            + settings.map { "\($0.0) = \($0.1)\n" }.joined()
        let path = dataDirectory + "/printercare.conf"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw .unavailable("cannot write \(path): \(error)")
        }
        if let account { _ = chown(path, account.uid, account.gid) }
    }

    /// True when a server from this data directory is already running and answers: it is reused. A
    /// running one that never answers is stopped; a `postmaster.pid` whose process is gone is removed.
    func reuseRunningServer(binaries: String, account: SystemAccount?) throws(StoreError) -> Bool {
        let pidFile = dataDirectory + "/postmaster.pid"
        guard let contents = try? String(contentsOfFile: pidFile, encoding: .utf8) else { return false }
        guard let pid = contents.split(separator: "\n").first.flatMap({ Int32($0.trimmingCharacters(in: .whitespaces)) }),
              Self.isPostgres(pid) else {
            logger.notice("embedded PostgreSQL: removing a stale postmaster.pid", metadata: ["data-dir": "\(dataDirectory)"])
            try? FileManager.default.removeItem(atPath: pidFile)
            try? FileManager.default.removeItem(atPath: socketDirectory + "/.s.PGSQL.\(Self.port).lock")
            return false
        }
        // It may still be starting or recovering: give it a few seconds to answer.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if (try? PostgresConnection(url: conninfo(user: Self.superuser, database: "postgres"), connectTimeout: 3)) != nil {
                logger.notice("embedded PostgreSQL: reusing the server left running", metadata: ["pid": "\(pid)"])
                return true
            }
            usleep(250_000)
        }
        logger.warning("embedded PostgreSQL: a server is running but does not answer; stopping it", metadata: ["pid": "\(pid)"])
        stop()
        return false
    }

    /// `pg_ctl start`, retried while the backends of a killed server still hold its shared memory.
    func startServer(binaries: String, account: SystemAccount?) throws(StoreError) {
        let deadline = Date().addingTimeInterval(30)
        while true {
            let logStart = (try? FileManager.default.attributesOfItem(atPath: logFile)[.size] as? Int) ?? 0
            let result = try HostCommand.run(binaries + "/pg_ctl", ["start", "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-s"],
                                             as: account, timeout: 90)
            if result.status == 0 {
                logger.info("embedded PostgreSQL started", metadata: ["data-dir": "\(dataDirectory)", "socket": "\(socketDirectory)"])
                return
            }
            let log = newLogText(from: logStart)
            let transient = log.contains("shared memory block") || log.contains("lock file")
            if transient && Date() < deadline {
                usleep(300_000)
                continue
            }
            throw .unavailable("PostgreSQL did not start: \(result.output)\n\(log)")
        }
    }

    /// What the server wrote to its log after byte `offset` (at most the last 4 KB).
    private func newLogText(from offset: Int) -> String {
        guard let data = FileManager.default.contents(atPath: logFile), data.count > offset else { return "" }
        return String(decoding: data.suffix(from: max(offset, data.count - 4096)), as: UTF8.self)
    }

    /// Whether `pid` is a live process named `postgres` (not merely a reused process id). A zombie is
    /// dead: a killed server whose parent is an init that does not reap (as in some containers) stays
    /// one, and `kill(pid, 0)` still succeeds on it.
    static func isPostgres(_ pid: Int32) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM,
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return false }
        // "pid (comm) state ...": the name may itself hold parentheses, so take the last ")".
        let name = stat[stat.index(after: open)..<close]
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return name.hasPrefix("postgres") && state != "Z" && state != "X"
    }

    /// Whether `account` (nil: one not made yet, so in no group and owning nothing) may pass through
    /// every existing directory on `path`, judged by mode bits and primary group (conservative: no ACLs).
    static func traversable(_ path: String, by account: SystemAccount?) -> Bool {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/" + component
            var info = stat()
            guard stat(prefix, &info) == 0 else { return true }  // the rest we create, mode 0755
            let mode = info.st_mode
            let allowed = if let account, info.st_uid == account.uid { mode & S_IXUSR != 0 }
                else if let account, info.st_gid == account.gid { mode & S_IXGRP != 0 }
                else { mode & S_IXOTH != 0 }
            if !allowed { return false }
        }
        return true
    }

    /// A postgresql.conf string value.
    static func confQuote(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }
}

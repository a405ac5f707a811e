import Foundation
import Logging
import Synchronization

/// A private PostgreSQL cluster under a directory, for running without `DATABASE_URL`.
///
/// Layout: `directory/postgres` (the cluster), `directory/postgres-socket` (its Unix socket; mode 0700)
/// and `directory/postgres.log` (see `clusterHome` for the one exception, under root). The server listens on that socket only (`listen_addresses = ''`), and
/// the socket accepts every local role without a password (`trust`; TCP is `reject`): the directory's
/// mode is what keeps others out — only its owner (the account the server runs as) and root can reach
/// the socket. `start()` hands back conninfo for the `printercare` role, which owns the `printercare`
/// database but is not a superuser, so row-level security applies to it.
///
/// Root: PostgreSQL refuses to run as root, so as root the tools run through `runuser` as Debian's
/// `postgres` account (or a `printercare-db` system account made if that is missing), which then owns
/// the cluster and socket directories. Every parent of the cluster must let that account through
/// (`x` permission): when `directory`'s do not, the cluster moves (see `clusterHome`). Not root:
/// everything runs as the current user.
///
/// Crash recovery: a server left running by a parent that was killed is reused (it runs with our
/// configuration, and stopping it would only cost a restart); a stale `postmaster.pid` left by a killed
/// server is removed once its process is gone, and a start refused because the dead server's backends
/// still hold its shared memory is retried until they have exited.
public final class EmbeddedPostgres: Sendable {
    /// Choices that trade safety for speed, for tests.
    public struct Options: Sendable {
        /// false: `initdb --no-sync`, `fsync = off`, `synchronous_commit = off`, `full_page_writes = off`:
        /// fast and disposable, for test clusters only.
        public var durable: Bool
        /// Extra `postgresql.conf` settings, e.g. `["max_connections": "200"]`.
        public var settings: [String: String]

        public init(durable: Bool = true, settings: [String: String] = [:]) {
            self.durable = durable
            self.settings = settings
        }
    }

    /// The application role and database; the superuser of the cluster.
    public static let applicationRole = "printercare"
    public static let applicationDatabase = "printercare"
    public static let superuser = "postgres"
    /// The socket file is `.s.PGSQL.<port>`; with a private socket directory the number only names it.
    static let port = 5432

    public let directory: String
    public let options: Options
    let logger: Logger
    private let startedServer = Mutex(false)

    /// Whether the last `start()` started the server (false: it reused one already running, e.g. that
    /// of a `serve` process, which a short-lived command such as `migrate` must then leave running).
    public var didStartServer: Bool { startedServer.withLock { $0 } }

    /// Where the cluster lives: `directory`, unless we are root and the database account cannot pass
    /// through one of its parents (a checkout under `/root`, mode 0700): then
    /// `/var/lib/printercare/embedded-<hash of directory>`, so that the default `./var` of a checkout
    /// under `/root` still works without loosening `/root`'s permissions.
    public let clusterHome: String

    public var dataDirectory: String { clusterHome + "/postgres" }
    public var socketDirectory: String { clusterHome + "/postgres-socket" }
    public var logFile: String { clusterHome + "/postgres.log" }

    public init(directory: String, options: Options = Options(), logger: Logger) {
        let directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.directory = directory
        self.options = options
        self.logger = logger
        if geteuid() == 0 && !Self.traversable(directory, by: SystemAccount.named("postgres") ?? SystemAccount.named("printercare-db")) {
            // FNV-1a: a stable short name per data directory.
            let hash = directory.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
            clusterHome = "/var/lib/printercare/embedded-" + String(hash, radix: 16)
        } else {
            clusterHome = directory
        }
    }

    /// Initialises the cluster on first use, starts it (or reuses one already running from this
    /// directory), makes sure the application role and database exist, and returns conninfo for them.
    @discardableResult
    public func start() throws(StoreError) -> String {
        let binaries = try HostCommand.postgresBinaries()
        let account = try SystemAccount.forDatabase()
        try prepareDirectories(for: account)
        if !FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") {
            try initialise(binaries: binaries, account: account)
        }
        try writeSettings(account: account)
        let reused = try reuseRunningServer(binaries: binaries, account: account)
        if !reused { try startServer(binaries: binaries, account: account) }
        startedServer.withLock { $0 = !reused }
        try bootstrap()
        return conninfo(user: Self.applicationRole, database: Self.applicationDatabase)
    }

    /// Stops the server (`pg_ctl stop -m fast`: clients are disconnected, work in progress rolled back),
    /// or `-m immediate` if that does not finish in time.
    public func stop() {
        guard let binaries = try? HostCommand.postgresBinaries(), let account = try? SystemAccount.forDatabase() else { return }
        guard FileManager.default.fileExists(atPath: dataDirectory + "/postmaster.pid") else { return }
        for mode in ["fast", "immediate"] {
            let result = try? HostCommand.run(binaries + "/pg_ctl", ["stop", "-D", dataDirectory, "-m", mode, "-w", "-t", "20"],
                                              as: account, timeout: 30)
            if result?.status == 0 {
                logger.info("embedded PostgreSQL stopped", metadata: ["data-dir": "\(dataDirectory)"])
                return
            }
            logger.warning("pg_ctl stop -m \(mode) failed", metadata: ["output": "\(result?.output ?? "timed out")"])
        }
    }

    /// libpq key/value conninfo for a role and database over the private socket.
    public func conninfo(user: String, database: String) -> String {
        "host=\(Self.quote(socketDirectory)) port=\(Self.port) user=\(Self.quote(user)) dbname=\(Self.quote(database))"
    }

    /// Makes the application role (login, no superuser, no BYPASSRLS) and its database if missing.
    private func bootstrap() throws(StoreError) {
        let admin = try PostgresConnection(url: conninfo(user: Self.superuser, database: "postgres"))
        let role = Self.applicationRole
        if try admin.query("SELECT 1 AS present FROM pg_roles WHERE rolname = \(role)").isEmpty {
            try admin.script("CREATE ROLE \(role) LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS")
            logger.info("embedded PostgreSQL: created role \(role)")
        }
        if try admin.query("SELECT 1 AS present FROM pg_database WHERE datname = \(Self.applicationDatabase)").isEmpty {
            try admin.script("CREATE DATABASE \(Self.applicationDatabase) OWNER \(role) ENCODING 'UTF8' TEMPLATE template0")
            logger.info("embedded PostgreSQL: created database \(Self.applicationDatabase)")
        }
    }

    /// A conninfo value in single quotes, `\` and `'` escaped.
    static func quote(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}

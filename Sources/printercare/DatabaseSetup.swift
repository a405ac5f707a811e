import Foundation
import Logging
import Secrets
import Store

/// Where the server's PostgreSQL is: `DATABASE_URL` when set, else a private cluster under the data
/// directory that this process starts and stops (the embedded default).
struct DatabaseSetup {
    let dataDirectory: String
    let logger: Logger

    /// An open database and, for the embedded default, the cluster to stop on the way out.
    struct Opened {
        let database: Database
        /// The cluster this process started and must stop; nil with DATABASE_URL or when it was running already.
        let embedded: EmbeddedPostgres?
        var isEmbedded = false

        func close() {
            database.close()
            embedded?.stop()
        }
    }

    /// The embedded cluster is stopped on `close` only by the process that started it: a command such
    /// as `tokens create`, or a second `serve` on the same data directory, leaves a running one alone.
    func open(poolSize: Int = 16) throws -> Opened {
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
            return Opened(database: Database(url: url, size: poolSize, logger: logger), embedded: nil, isEmbedded: false)
        }
        let cluster = EmbeddedPostgres(directory: dataDirectory, logger: logger)
        logger.info("no DATABASE_URL: using the embedded PostgreSQL", metadata: ["cluster": "\(cluster.dataDirectory)"])
        let url = try cluster.start()
        return Opened(database: Database(url: url, size: poolSize, logger: logger),
                      embedded: cluster.didStartServer ? cluster : nil, isEmbedded: true)
    }

    /// Applies pending migrations when allowed (always for the embedded default), else refuses an
    /// outdated schema with the command that fixes it.
    func prepareSchema(_ opened: Opened, migrate: Bool) async throws {
        let runner = MigrationRunner()
        if migrate || opened.isEmbedded {
            for migration in try await runner.migrate(opened.database) {
                logger.info("applied migration \(migration.version): \(migration.name)")
            }
        } else {
            let current = try await runner.currentVersion(opened.database)
            if current < runner.requiredVersion {
                throw CommandFailure("the database schema is at version \(current), this server needs \(runner.requiredVersion): "
                                     + "run `printercare migrate` or start with `serve --migrate`")
            }
            try await runner.requireCurrent(opened.database)
        }
    }

    /// First start on an empty database: an organization and its admin, from the environment or with a
    /// generated one-time password printed once.
    func bootstrap(_ database: Database) async throws {
        let environment = ProcessInfo.processInfo.environment
        let email = environment["PRINTERCARE_ADMIN_EMAIL"].flatMap { $0.isEmpty ? nil : $0 } ?? "admin@localhost.localdomain"
        let given = environment["PRINTERCARE_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        let password = given ?? Tokens.random(bytes: 12)
        let organization = environment["PRINTERCARE_ORGANIZATION"].flatMap { $0.isEmpty ? nil : $0 } ?? "My organization"
        if given != nil {
            var errors: [FieldError] = []
            Validate.password(password, into: &errors)
            guard errors.isEmpty else {
                throw CommandFailure("PRINTERCARE_ADMIN_PASSWORD must have at least \(Validate.minimumPasswordLength) characters")
            }
        }
        let created = try await Bootstrap.run(database: database, organizationName: organization, email: email,
                                              passwordHash: PasswordHasher().hash(password))
        guard created else { return }
        if given == nil {
            FileHandle.standardOutput.write(Data("""
                printercare: first start: created organization "\(organization)" and admin \(email)
                printercare: one-time password: \(password)   (change it after signing in)

                """.utf8))
        } else {
            logger.info("first start: created organization and admin", metadata: ["email": "\(email)"])
        }
    }
}

/// An error the command line reports as one plain sentence.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

import ArgumentParser
import Foundation
import Logging
import Secrets
import Store

/// `printercare tokens create --user EMAIL [--name NAME] [--data-dir DIR]`: prints a new API token.
struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokens", abstract: "Manage API tokens.",
                                                    subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token for a user and print it (shown once).")

        @Option(help: "E-mail of the user the token acts as.")
        var user: String

        @Option(help: "A name to recognise the token by.")
        var name = "command line"

        @Option(help: "Data directory of the embedded PostgreSQL (ignored with DATABASE_URL).")
        var dataDir = "./var"

        func run() throws {
            let logger = quietLogger()
            let token = "pc_" + Tokens.random()
            let dataDirectory = URL(fileURLWithPath: dataDir).standardizedFileURL.path
            let setup = DatabaseSetup(dataDirectory: dataDirectory, logger: logger)
            let name = self.name
            let email = self.user
            let created: APIToken? = try runBlocking {
                let opened = try setup.open(poolSize: 2)
                defer { opened.close() }
                try await setup.prepareSchema(opened, migrate: false)
                return try await APITokenStore(database: opened.database).create(name: name, token: token, forEmail: email)
            }
            guard created != nil else { throw CommandFailure("no active user with e-mail \(email)") }
            print(token)
        }
    }
}

/// A logger for one-shot commands: warnings and errors on standard error.
func quietLogger() -> Logger {
    var logger = Logger(label: "printercare") { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = .warning
    return logger
}

/// Runs async work from a synchronous command and waits for it.
func runBlocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

/// Carries a result from a task back to the waiting thread.
final class ResultBox<T>: @unchecked Sendable {
    // @unchecked Sendable: written once by the task before it signals, read after the wait returns.
    var result: Result<T, any Error>?
}

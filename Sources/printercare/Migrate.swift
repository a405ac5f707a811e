import ArgumentParser
import Foundation
import Store

/// `printercare migrate`: applies pending database migrations and prints what it applied. Uses
/// `DATABASE_URL` when set, else the embedded cluster under `--data-dir` (started for the occasion and
/// stopped again, unless a running `serve` already had it up).
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @Option(help: "Data directory of the embedded PostgreSQL (ignored with DATABASE_URL).")
    var dataDir = "./var"

    func run() throws {
        let directory = URL(fileURLWithPath: dataDir).standardizedFileURL.path
        let opened = try DatabaseSetup(dataDirectory: directory, logger: quietLogger()).open(poolSize: 1)
        defer { opened.close() }
        let runner = MigrationRunner()
        let applied = try runBlocking { try await runner.migrate(opened.database) }
        var report = applied.map { "printercare: applied migration \($0.version): \($0.name)\n" }.joined()
        report += applied.isEmpty
            ? "printercare: schema is current (version \(runner.requiredVersion)); nothing to apply\n"
            : "printercare: schema is now at version \(runner.requiredVersion)\n"
        FileHandle.standardOutput.write(Data(report.utf8))
    }
}

import Foundation
import Secrets

/// The secret that encrypts the agent CA's key in the database: `PRINTERCARE_SECRET` when set (needed
/// when several server processes with different data directories share a database), otherwise a
/// random one made on first start in `<data-dir>/secret` (mode 0600).
enum ServerSecret {
    static func load(dataDirectory: String) throws -> String {
        if let secret = ProcessInfo.processInfo.environment["PRINTERCARE_SECRET"], !secret.isEmpty { return secret }
        let path = dataDirectory + "/secret"
        if let existing = try? String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), !existing.isEmpty {
            return existing
        }
        let secret = Tokens.random(bytes: 32)
        // Two first starts on one data directory must agree on one secret: the first file wins.
        if try FileWriting.atomically(secret + "\n", to: path, mode: 0o600, exclusive: true) { return secret }
        return try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

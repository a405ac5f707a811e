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
        let temporary = path + ".tmp"
        try? FileManager.default.removeItem(atPath: temporary)
        guard FileManager.default.createFile(atPath: temporary, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
        return secret
    }
}

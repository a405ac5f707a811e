import Foundation

extension CertificateFactory {
    /// Where a certificate and its key live on disk.
    public struct Files: Sendable, Equatable {
        /// PEM certificate (chain) file.
        public let certificatePath: String
        /// PEM private key file, mode 0600.
        public let keyPath: String
    }

    /// The web certificate of a fresh install: `directory/tls/server.crt` and `server.key`,
    /// self-signed for `hostnames`, made on first call and reused afterwards.
    ///
    /// The pair is replaced only when one of the two files is missing (a half-finished first start);
    /// an operator who installs their own certificate there keeps it.
    public static func ensureSelfSigned(directory: String, hostnames: [String]) throws(HTTPServerError) -> Files {
        try ensure(directory: directory, name: "server") { () throws(HTTPServerError) in
            let key = try makePrivateKey()
            return (try makeSelfSigned(keyPEM: key, hostnames: hostnames), key)
        }
    }

    private static func ensure(directory: String, name: String,
                               make: () throws(HTTPServerError) -> (certificate: String, key: String)) throws(HTTPServerError) -> Files {
        let folder = (directory as NSString).appendingPathComponent("tls")
        let files = Files(certificatePath: (folder as NSString).appendingPathComponent("\(name).crt"),
                          keyPath: (folder as NSString).appendingPathComponent("\(name).key"))
        let manager = FileManager.default
        if manager.fileExists(atPath: files.certificatePath) && manager.fileExists(atPath: files.keyPath) {
            return files
        }
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                        attributes: [.posixPermissions: 0o700])
        } catch {
            throw .tls("creating \(folder): \(error)")
        }
        let made = try make()
        // Key first: a crash between the two writes leaves no certificate, so the next start remakes both.
        try writeAtomically(made.key, to: files.keyPath, mode: 0o600)
        try writeAtomically(made.certificate, to: files.certificatePath, mode: 0o644)
        return files
    }

    /// Writes `text` to a temporary file created with `mode` (never wider, not even for a moment),
    /// flushes it, then renames it over `path`.
    private static func writeAtomically(_ text: String, to path: String, mode: mode_t) throws(HTTPServerError) {
        let temporary = path + ".tmp"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .syscall("open \(temporary)", errno) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let code = errno
                close(fd)
                unlink(temporary)
                throw .syscall("write \(temporary)", code)
            }
            offset += written
        }
        let synced = fsync(fd) == 0 ? 0 : errno
        let closed = close(fd) == 0 ? 0 : errno
        guard synced == 0, closed == 0 else {
            unlink(temporary)
            throw .syscall(synced != 0 ? "fsync \(temporary)" : "close \(temporary)", synced != 0 ? synced : closed)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .syscall("rename \(temporary)", code)
        }
    }
}

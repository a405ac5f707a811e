import Foundation

/// The files under `Public/`, read once at start and answered from memory.
///
/// Only the paths found at start exist: a request path is percent-decoded and looked up as a key,
/// never joined onto a directory, so no encoding of `..` can reach outside the folder. Dotfiles and
/// symbolic links are skipped when loading. Every file is served at its own path with a short cache
/// lifetime and at a content-hash path (`/static/<hash>/<path>`) that may be cached for a year.
public final class StaticFiles: Sendable {
    /// One file with its two encodings and its header blocks prepared.
    struct File: Sendable {
        let identity: [UInt8]
        let gzip: [UInt8]?
        let etag: String
        let gzipEtag: String
        let hash: String
        let headers: [UInt8]
        let gzipHeaders: [UInt8]?
        let immutableHeaders: [UInt8]
        let immutableGzipHeaders: [UInt8]?
    }

    private let byPath: [String: File]
    private let byHashedPath: [String: File]
    private let hashes: [String: String]

    /// Loads every regular file under `directory`. Throws if the directory cannot be read.
    public init(directory: String) throws {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw HTTPServerError.syscall("open(\(directory))", 2)
        }
        var byPath: [String: File] = [:]
        var byHashedPath: [String: File] = [:]
        var hashes: [String: String] = [:]
        for relative in try StaticFiles.regularFiles(under: root.path) {
            let bytes = [UInt8](try Data(contentsOf: root.appendingPathComponent(relative)))
            let urlPath = "/" + relative
            let file = StaticFiles.prepare(bytes, contentType: ContentTypes.forPath(relative))
            byPath[urlPath] = file
            byHashedPath["/static/\(file.hash)" + urlPath] = file
            hashes[urlPath] = file.hash
        }
        self.byPath = byPath
        self.byHashedPath = byHashedPath
        self.hashes = hashes
    }

    /// The long-lived URL of `path` (e.g. `/app.css` → `/static/3fa9c0d2e1/app.css`); the plain path if unknown.
    public func url(for path: String) -> String {
        let key = path.hasPrefix("/") ? path : "/" + path
        guard let hash = hashes[key] else { return key }
        return "/static/\(hash)\(key)"
    }

    /// Every plain path served, sorted.
    public var paths: [String] { byPath.keys.sorted() }

    /// Answers a GET or HEAD; nil when there is no such file.
    public func respond(to request: HTTPRequest) -> HTTPResponse? {
        guard let path = request.decodedPath else { return nil }
        let immutable: Bool
        let file: File
        if let found = byPath[path] { file = found; immutable = false }
        else if let found = byHashedPath[path] { file = found; immutable = true }
        else { return nil }
        let gzip = file.gzip != nil && Gzip.accepts(request.header("Accept-Encoding"))
        let etag = gzip ? file.gzipEtag : file.etag
        let headers = gzip ? (immutable ? file.immutableGzipHeaders! : file.gzipHeaders!) : (immutable ? file.immutableHeaders : file.headers)
        if let condition = request.header("If-None-Match"), StaticFiles.matches(condition, etag: etag) {
            return HTTPResponse(status: .notModified, preparedHeaders: headers, body: [])
        }
        return HTTPResponse(status: .ok, preparedHeaders: headers, body: gzip ? file.gzip! : file.identity)
    }

    /// The inline route handler serving these files (404 for anything else).
    public var handler: RouteHandler {
        .inline { [self] request in self.respond(to: request) ?? .notFound }
    }

    /// `If-None-Match` uses weak comparison (RFC 9110 13.1.2): `W/` is ignored, `*` matches anything.
    static func matches(_ condition: String, etag: String) -> Bool {
        for candidate in condition.split(separator: ",") {
            var tag = candidate.trimmingCharacters(in: " \t")
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            if tag == etag { return true }
        }
        return false
    }

    private static func prepare(_ bytes: [UInt8], contentType: String) -> File {
        let hash = String(fnv1a(bytes), radix: 16).leftPadded(to: 16)
        let short = String(hash.prefix(10))
        let compressed = (Gzip.isCompressible(contentType) && bytes.count >= 256) ? Gzip.compress(bytes, level: 9) : nil
        let gzip = compressed.flatMap { $0.count < bytes.count ? $0 : nil }
        let etag = "\"\(hash)\""
        let gzipEtag = "\"\(hash)-gz\""
        func block(_ tag: String, encoded: Bool, cache: String) -> [UInt8] {
            var text = "Content-Type: \(contentType)\r\nETag: \(tag)\r\nCache-Control: \(cache)\r\nX-Content-Type-Options: nosniff\r\n"
            if gzip != nil { text += "Vary: Accept-Encoding\r\n" }
            if encoded { text += "Content-Encoding: gzip\r\n" }
            return Array(text.utf8)
        }
        let short300 = "public, max-age=300"
        let year = "public, max-age=31536000, immutable"
        return File(identity: bytes, gzip: gzip, etag: etag, gzipEtag: gzipEtag, hash: short,
                    headers: block(etag, encoded: false, cache: short300),
                    gzipHeaders: gzip.map { _ in block(gzipEtag, encoded: true, cache: short300) },
                    immutableHeaders: block(etag, encoded: false, cache: year),
                    immutableGzipHeaders: gzip.map { _ in block(gzipEtag, encoded: true, cache: year) })
    }

    /// Relative paths of regular files, skipping dotfiles and anything reached through a symbolic link.
    private static func regularFiles(under root: String) throws -> [String] {
        let manager = FileManager.default
        var found: [String] = []
        var pending = [""]
        while let folder = pending.popLast() {
            let absolute = folder.isEmpty ? root : root + "/" + folder
            for name in try manager.contentsOfDirectory(atPath: absolute).sorted() where !name.hasPrefix(".") {
                let relative = folder.isEmpty ? name : folder + "/" + name
                let attributes = try manager.attributesOfItem(atPath: root + "/" + relative)
                switch attributes[.type] as? FileAttributeType {
                case .typeDirectory?: pending.append(relative)
                case .typeRegular?: found.append(relative)
                default: continue  // symbolic links, sockets, devices
                }
            }
        }
        return found
    }

    /// FNV-1a, 64 bits: a content hash for ETags and cache-busting URLs (not a security boundary).
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

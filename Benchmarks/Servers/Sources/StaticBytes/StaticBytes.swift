// Shared by the benchmark-only comparison servers: command line, the file's bytes and the
// header values PrinterCare's StaticFiles sends for the same file (Content-Type, ETag, Cache-Control).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct Options: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// File on disk whose bytes are served.
    public var file = ""
    /// URL path the file is served at (default: "/" + the file's last path component).
    public var path = ""
    /// Event loop threads (default: one per core).
    public var threads = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    public static func parse(_ program: String) -> Options {
        var options = Options()
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        func usage() -> Never {
            printError("usage: \(program) --port P --file FILE [--path /url/path] [--threads N] [--host 127.0.0.1]")
            exit(2)
        }
        while let flag = arguments.next() {
            guard let value = arguments.next() else { usage() }
            switch flag {
            case "--host": options.host = value
            case "--port": guard let p = Int(value) else { usage() }; options.port = p
            case "--file": options.file = value
            case "--path": options.path = value
            case "--threads": guard let t = Int(value), t > 0 else { usage() }; options.threads = t
            default: usage()
            }
        }
        if options.file.isEmpty { usage() }
        if options.path.isEmpty {
            options.path = "/" + (options.file.split(separator: "/").last.map(String.init) ?? options.file)
        }
        return options
    }

    public init() {}
}

/// The served file and the headers that do not change between responses.
public struct StaticFile: Sendable {
    public let bytes: [UInt8]
    public let contentType: String
    public let etag: String
    public let cacheControl = "public, max-age=300"

    public init(path: String) {
        guard let handle = fopen(path, "rb") else {
            printError("cannot open \(path)")
            exit(1)
        }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, handle)
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        self.bytes = bytes
        self.contentType = StaticFile.contentType(for: path)
        // Same ETag as PrinterCare: FNV-1a 64-bit, 16 hex digits, quoted.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(hash, radix: 16)
        self.etag = "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }

    static func contentType(for path: String) -> String {
        let types = [
            "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
            "js": "text/javascript; charset=utf-8", "json": "application/json",
            "txt": "text/plain; charset=utf-8", "svg": "image/svg+xml", "png": "image/png",
        ]
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return "application/octet-stream" }
        return types[path[path.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}

/// RFC 9110 IMF-fixdate for `seconds` since the epoch, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
public func httpDate(_ seconds: time_t) -> String {
    var t = seconds
    var parts = tm()
    gmtime_r(&t, &parts)
    var buffer = [CChar](repeating: 0, count: 64)
    let n = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
    return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Writes one line to stdout and flushes (the runner waits for the port, not for this line).
public func announce(_ line: String) {
    print(line)
    fflush(nil)  // all streams (stdout itself is not concurrency-safe to name in Swift 6)
}

/// One line to standard error (fd 2, unbuffered).
public func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

import CZlib

/// gzip with zlib: the only file that imports CZlib.
public enum Gzip {
    /// Bodies smaller than this are sent as they are: the gzip header and the CPU cost outweigh the gain.
    static let minimumSize = 1024

    /// Compresses `bytes` into the gzip format (RFC 1952); nil only if zlib itself fails.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8]? {
        var stream = z_stream()
        // windowBits 15 + 16 asks zlib for a gzip wrapper instead of a zlib one.
        guard pc_deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(bytes.count))) + 32
        var output = [UInt8](repeating: 0, count: bound)
        let status: Int32 = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// Decompresses a gzip body; nil if it is not valid gzip or would exceed `limit` bytes.
    public static func decompress(_ bytes: [UInt8], limit: Int = 64 << 20) -> [UInt8]? {
        var stream = z_stream()
        guard pc_inflateInit2(&stream, 15 + 16) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        return bytes.withUnsafeBufferPointer { input -> [UInt8]? in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, out.count - Int(stream.avail_out))
                }
                result += chunk[0..<produced]
                if result.count > limit { return nil }
                if status == Z_STREAM_END { return result }
                if status != Z_OK { return nil }
                if produced == 0 && stream.avail_in == 0 { return nil }
            }
        }
    }

    /// Whether an `Accept-Encoding` value allows gzip (RFC 9110 12.5.3: `gzip`, `x-gzip` or `*`, not `q=0`).
    public static func accepts(_ acceptEncoding: String?) -> Bool {
        guard let acceptEncoding else { return false }
        var starAllowed = false
        for item in acceptEncoding.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: " \t") }
            guard let coding = parts.first?.lowercased() else { continue }
            // q=0 (or 0.0, 0.00, 0.000) refuses the coding; any other weight accepts it.
            let refused = parts.dropFirst().contains { parameter in
                let p = parameter.lowercased()
                guard p.hasPrefix("q=") else { return false }
                return Double(p.dropFirst(2)) == 0
            }
            if coding == "gzip" || coding == "x-gzip" { return !refused }
            if coding == "*" { starAllowed = !refused }
        }
        return starAllowed
    }

    /// Whether a media type is worth compressing (text and the structured text formats).
    public static func isCompressible(_ contentType: String?) -> Bool {
        guard let type = contentType?.lowercased() else { return false }
        return type.hasPrefix("text/") || type.hasPrefix("application/json") || type.hasPrefix("application/javascript")
            || type.hasPrefix("application/xml") || type.hasPrefix("image/svg+xml") || type.hasPrefix("application/problem+json")
            || type.hasPrefix("application/openmetrics-text")
    }

    /// Replaces a byte body with its gzip form when the type compresses and the saving is real.
    static func compressIfWorthwhile(_ response: inout HTTPResponse, _ bytes: [UInt8]) {
        guard bytes.count >= minimumSize, response.preparedHeaders == nil,
              !response.headers.contains("Content-Encoding"), isCompressible(response.headers["Content-Type"]),
              let compressed = compress(bytes), compressed.count < bytes.count else { return }
        response.body = .bytes(compressed)
        response.headers.add("Content-Encoding", "gzip")
        response.headers.add("Vary", "Accept-Encoding")
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }

}

/// Random secrets and digests for sessions, API tokens, CSRF and webhook signatures.
public enum Tokens {
    /// A URL-safe random token of `bytes` random bytes (32 → 43 characters, 256 bits).
    public static func random(bytes: Int = 32) -> String { Base64.encode(OpenSSLCrypto.randomBytes(bytes), urlSafe: true) }

    /// Random bytes from OpenSSL's generator.
    public static func randomBytes(_ count: Int) -> [UInt8] { OpenSSLCrypto.randomBytes(count) }

    /// SHA-256 of a token, hex: what the database keeps instead of the token itself.
    public static func digest(_ token: String) -> String { Hex.encode(OpenSSLCrypto.sha256(Array(token.utf8))) }

    public static func sha256(_ data: [UInt8]) -> [UInt8] { OpenSSLCrypto.sha256(data) }

    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] { OpenSSLCrypto.hmacSHA256(key: key, message: message) }

    /// Constant-time equality of two strings (tokens, CSRF values).
    public static func equal(_ a: String, _ b: String) -> Bool { OpenSSLCrypto.constantTimeEquals(Array(a.utf8), Array(b.utf8)) }
}

/// Lower-case hexadecimal.
public enum Hex {
    public static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}

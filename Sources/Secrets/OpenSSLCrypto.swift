import COpenSSL

/// The only file of this module that calls OpenSSL's libcrypto: scrypt, random bytes, SHA-256, HMAC and
/// a constant-time comparison. Everything else in `Secrets` builds on these five functions.
enum OpenSSLCrypto {
    /// scrypt (RFC 7914) through `EVP_PBE_scrypt`; nil only if OpenSSL refuses the parameters.
    static func scrypt(password: [UInt8], salt: [UInt8], logN: Int, r: Int, p: Int, length: Int) -> [UInt8]? {
        var key = [UInt8](repeating: 0, count: length)
        let n = UInt64(1) << UInt64(logN)
        // Memory scrypt needs is 128 * r * N bytes (plus p * 128 * r); give it that and a margin.
        let maxMemory = UInt64(128 * r) * (n + UInt64(p) + 2)
        let ok = password.withUnsafeBufferPointer { pw in
            salt.withUnsafeBufferPointer { s in
                key.withUnsafeMutableBufferPointer { out in
                    pw.withMemoryRebound(to: CChar.self) { pwChars in
                        EVP_PBE_scrypt(pwChars.baseAddress, pw.count, s.baseAddress, s.count, n, UInt64(r), UInt64(p),
                                       maxMemory, out.baseAddress, out.count)
                    }
                }
            }
        }
        return ok == 1 ? key : nil
    }

    /// Bytes from OpenSSL's CSPRNG; traps if the generator fails (nothing secure can continue then).
    static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let ok = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) }
        precondition(ok == 1, "RAND_bytes failed")
        return bytes
    }

    static func sha256(_ data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        data.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { out in _ = SHA256(input.baseAddress, input.count, out.baseAddress) }
        }
        return digest
    }

    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 32
        key.withUnsafeBufferPointer { k in
            message.withUnsafeBufferPointer { m in
                digest.withUnsafeMutableBufferPointer { out in
                    _ = HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.baseAddress, m.count, out.baseAddress, &length)
                }
            }
        }
        return digest
    }

    /// Equality whose time does not depend on where the inputs differ.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in CRYPTO_memcmp(x.baseAddress, y.baseAddress, a.count) == 0 } }
    }
}

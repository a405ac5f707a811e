/// Hashes and verifies passwords with scrypt, a memory-hard KDF, with a random 16-byte salt per hash.
///
/// Stored form: `$scrypt$ln=15,r=8,p=1$<salt base64>$<key base64>`. The parameters travel with the hash,
/// so a later change of cost keeps old hashes verifiable (and `needsRehash` says when to upgrade).
/// Default cost: N = 2^15, r = 8 (32 MiB, roughly 0.1 s on these machines) — OWASP's scrypt baseline
/// is N = 2^17 with r = 8 for a dedicated login server; we share 2 cores with everything else.
public struct PasswordHasher: Sendable {
    public let logN: Int
    public let r: Int
    public let p: Int

    public init(logN: Int = 15, r: Int = 8, p: Int = 1) {
        self.logN = logN
        self.r = r
        self.p = p
    }

    /// Passwords longer than this are refused before hashing (a megabyte password is a denial of service).
    public static let maximumLength = 1024

    public func hash(_ password: String) -> String {
        let salt = OpenSSLCrypto.randomBytes(16)
        let key = OpenSSLCrypto.scrypt(password: Array(password.utf8), salt: salt, logN: logN, r: r, p: p, length: 32)!
        return "$scrypt$ln=\(logN),r=\(r),p=\(p)$\(Base64.encode(salt))$\(Base64.encode(key))"
    }

    /// Whether `password` matches `stored`; false for anything malformed.
    public func verify(_ password: String, against stored: String) -> Bool {
        guard let parsed = Parsed(stored), password.utf8.count <= Self.maximumLength,
              let key = OpenSSLCrypto.scrypt(password: Array(password.utf8), salt: parsed.salt, logN: parsed.logN,
                                             r: parsed.r, p: parsed.p, length: parsed.key.count) else { return false }
        return OpenSSLCrypto.constantTimeEquals(key, parsed.key)
    }

    /// Whether a stored hash uses weaker parameters than this hasher.
    public func needsRehash(_ stored: String) -> Bool {
        guard let parsed = Parsed(stored) else { return true }
        return parsed.logN < logN || parsed.r < r
    }

    /// A hash nobody's password matches, to spend the same time on unknown e-mails as on known ones.
    public func dummyVerify(_ password: String) {
        _ = OpenSSLCrypto.scrypt(password: Array(password.utf8.prefix(Self.maximumLength)), salt: [UInt8](repeating: 0, count: 16),
                                 logN: logN, r: r, p: p, length: 32)
    }

    private struct Parsed {
        let logN: Int, r: Int, p: Int
        let salt: [UInt8], key: [UInt8]

        init?(_ stored: String) {
            let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
            guard parts.count == 5, parts[0].isEmpty, parts[1] == "scrypt" else { return nil }
            var values: [Substring: Int] = [:]
            for item in parts[2].split(separator: ",") {
                let pair = item.split(separator: "=")
                guard pair.count == 2, let value = Int(pair[1]) else { return nil }
                values[pair[0]] = value
            }
            // Bounds keep a forged hash from asking for terabytes of memory.
            guard let logN = values["ln"], let r = values["r"], let p = values["p"], (1...20).contains(logN),
                  (1...32).contains(r), (1...16).contains(p), let salt = Base64.decode(parts[3]),
                  let key = Base64.decode(parts[4]), key.count >= 16 else { return nil }
            (self.logN, self.r, self.p, self.salt, self.key) = (logN, r, p, salt, key)
        }
    }
}

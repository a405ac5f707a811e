import COpenSSL
import Foundation

extension CertificateFactory {
    /// `keyPEM` as an encrypted PKCS#8 PEM (AES-256-CBC, key derived from `passphrase` by OpenSSL's
    /// PBKDF2): what is kept at rest for the agent CA, so a copy of the database alone signs nothing.
    public static func encryptKey(_ keyPEM: String, passphrase: String) throws(HTTPServerError) -> String {
        guard !passphrase.isEmpty else { throw .tls("an empty passphrase encrypts nothing") }
        let key = try CertificateBuilder.loadKey(keyPEM)
        var secret = Array(passphrase.utf8).map { CChar(bitPattern: $0) }
        return try PEM.write("an encrypted private key") { bio in
            PEM_write_bio_PKCS8PrivateKey(bio, key.pointer, EVP_aes_256_cbc(), &secret, Int32(secret.count), nil, nil)
        }
    }

    /// The plain PEM of a key encrypted by `encryptKey`; fails on a wrong passphrase.
    public static func decryptKey(_ encryptedPEM: String, passphrase: String) throws(HTTPServerError) -> String {
        // With no callback, OpenSSL takes the last argument as the NUL-terminated passphrase.
        let secret = strdup(passphrase)
        defer { free(secret) }
        let key = try PEM.read(encryptedPEM, "encrypted private key (wrong secret?)", release: EVP_PKEY_free) {
            PEM_read_bio_PrivateKey($0, nil, nil, secret)
        }
        return try PEM.write("a private key") { PEM_write_bio_PrivateKey($0, key.pointer, nil, nil, 0, nil, nil) }
    }
}

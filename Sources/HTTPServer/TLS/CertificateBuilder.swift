import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// The OpenSSL steps behind `CertificateFactory`: keys, names, serials, extensions and signing.
///
/// Every function borrows the pointers it is given and frees what it allocates before returning;
/// only PEM text or an `OpenSSLObject` owner comes out.
enum CertificateBuilder {
    /// Reads a PEM private key (PKCS#8 or traditional). Encrypted keys are refused rather than
    /// prompting on the terminal, which is what OpenSSL's default password callback would do.
    static func loadKey(_ pem: String) throws(HTTPServerError) -> OpenSSLObject {
        try PEM.read(pem, "private key", release: EVP_PKEY_free) { PEM_read_bio_PrivateKey($0, nil, { _, _, _, _ in 0 }, nil) }
    }

    static func loadCertificate(_ pem: String) throws(HTTPServerError) -> OpenSSLObject {
        try PEM.read(pem, "certificate", release: X509_free) { PEM_read_bio_X509($0, nil, nil, nil) }
    }

    /// A new key pair of the given type.
    static func generateKey(_ type: CertificateFactory.KeyType) throws(HTTPServerError) -> OpenSSLObject {
        OpenSSLError.clearQueue()
        let algorithm: String
        switch type {
        case .p256, .p384: algorithm = "EC"
        case .rsa: algorithm = "RSA"
        }
        let context = try OpenSSLObject(EVP_PKEY_CTX_new_from_name(nil, algorithm, nil), release: EVP_PKEY_CTX_free,
                                        orFail: "creating a \(algorithm) key generator")
        guard EVP_PKEY_keygen_init(context.pointer) == 1 else { throw OpenSSLError.make("starting key generation") }
        let configured: Int32
        switch type {
        case .p256: configured = EVP_PKEY_CTX_set_group_name(context.pointer, "P-256")
        case .p384: configured = EVP_PKEY_CTX_set_group_name(context.pointer, "P-384")
        case .rsa(let bits): configured = EVP_PKEY_CTX_set_rsa_keygen_bits(context.pointer, Int32(clamping: bits))
        }
        guard configured == 1 else { throw OpenSSLError.make("choosing the key parameters") }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(context.pointer, &key) == 1 else { throw OpenSSLError.make("generating a key") }
        return try OpenSSLObject(key, release: EVP_PKEY_free, orFail: "generating a key")
    }

    /// A subject or issuer name holding just a common name.
    static func name(commonName: String) throws(HTTPServerError) -> OpenSSLObject {
        let name = try OpenSSLObject(X509_NAME_new(), release: X509_NAME_free, orFail: "allocating a name")
        let bytes = Array(commonName.utf8)
        guard !bytes.isEmpty, bytes.count <= 64,  // RFC 5280 ub-common-name
              X509_NAME_add_entry_by_txt(name.pointer, "CN", shim_MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0) == 1 else {
            throw OpenSSLError.make("common name must be 1 to 64 bytes: \(commonName)")
        }
        return name
    }

    /// The `subjectAltName` value for `hostnames`, each an IP literal or a DNS name (wildcards allowed
    /// in the first label). Anything else is refused, which also keeps commas and colons from
    /// smuggling extra entries into OpenSSL's configuration syntax.
    static func subjectAltName(_ hostnames: [String]) throws(HTTPServerError) -> String {
        var entries: [String] = []
        for host in hostnames {
            if TLSSession.isIPAddress(host) {
                entries.append("IP:\(host)")
            } else if isDNSName(host) {
                entries.append("DNS:\(host)")
            } else {
                throw .tls("not a DNS name or IP address: \(host)")
            }
        }
        return entries.joined(separator: ",")
    }

    private static func isDNSName(_ host: String) -> Bool {
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard !host.isEmpty, host.utf8.count <= 253 else { return false }
        for (index, label) in labels.enumerated() {
            if index == 0 && label == "*" && labels.count > 2 { continue }
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-",
                  label.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 < 0x80 && isalnum(Int32($0)) != 0) }) else {
                return false
            }
        }
        return true
    }

    /// What a new certificate needs besides its subject key.
    struct Request {
        var subjectName: OpaquePointer
        var validity: CertificateFactory.Validity
        /// `(NID, value in OpenSSL's x509v3_config syntax)`, added in order.
        var extensions: [(Int32, String)]
    }

    /// Builds, extends and signs a certificate for `subjectKey`, issued by `issuer` (certificate and
    /// key) or self-signed with `subjectKey` when `issuer` is nil. Returns PEM.
    static func issue(_ request: Request, subjectKey: OpaquePointer,
                      issuer: (certificate: OpaquePointer, key: OpaquePointer)?) throws(HTTPServerError) -> String {
        OpenSSLError.clearQueue()
        let certificate = try OpenSSLObject(X509_new(), release: X509_free, orFail: "allocating a certificate")
        let x509 = certificate.pointer
        let issuerName = issuer.map { X509_get_subject_name($0.certificate) } ?? request.subjectName
        guard X509_set_version(x509, 2) == 1,  // v3, needed for extensions
              try setRandomSerial(x509),
              X509_set_subject_name(x509, request.subjectName) == 1,
              X509_set_issuer_name(x509, issuerName) == 1,
              X509_set_pubkey(x509, subjectKey) == 1,
              X509_gmtime_adj(X509_getm_notBefore(x509), request.validity.notBeforeOffset) != nil,
              X509_gmtime_adj(X509_getm_notAfter(x509), request.validity.notAfterOffset) != nil else {
            throw OpenSSLError.make("filling in a certificate")
        }
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer?.certificate ?? x509, x509, nil, nil, 0)
        for (nid, value) in request.extensions {
            guard let ext = X509V3_EXT_nconf_nid(nil, &context, nid, value) else {
                throw OpenSSLError.make("building extension \(String(cString: OBJ_nid2sn(nid))) = \(value)")
            }
            defer { X509_EXTENSION_free(ext) }
            guard X509_add_ext(x509, ext, -1) == 1 else { throw OpenSSLError.make("adding an extension") }
        }
        let signingKey = issuer?.key ?? subjectKey
        guard X509_sign(x509, signingKey, digest(for: signingKey)) > 0 else {
            throw OpenSSLError.make("signing a certificate")
        }
        return try PEM.write("a certificate") { PEM_write_bio_X509($0, x509) }
    }

    /// A random positive 128-bit serial (RFC 5280 allows up to 20 octets; CA/B asks for 64 random
    /// bits). Bit 126 is set so the DER integer is always 16 bytes and positive.
    private static func setRandomSerial(_ x509: OpaquePointer) throws(HTTPServerError) -> Bool {
        var bytes = [UInt8](repeating: 0, count: 16)
        guard RAND_bytes(&bytes, Int32(bytes.count)) == 1 else { throw OpenSSLError.make("drawing a serial number") }
        bytes[0] = (bytes[0] & 0x7f) | 0x40
        guard let number = BN_bin2bn(bytes, Int32(bytes.count), nil) else { return false }
        defer { BN_free(number) }
        guard let integer = BN_to_ASN1_INTEGER(number, nil) else { return false }
        defer { ASN1_INTEGER_free(integer) }
        return X509_set_serialNumber(x509, integer) == 1
    }

    /// SHA-384 for P-384 keys (matching strength), SHA-256 otherwise.
    static func digest(for key: OpaquePointer) -> OpaquePointer? {
        EVP_PKEY_is_a(key, "EC") == 1 && EVP_PKEY_get_bits(key) >= 384 ? EVP_sha384() : EVP_sha256()
    }

    /// `keyUsage` for a leaf: RSA keys may also encrypt the (TLS 1.2 RSA) key exchange; EC keys only sign.
    static func leafKeyUsage(for key: OpaquePointer) -> String {
        EVP_PKEY_is_a(key, "RSA") == 1 ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature"
    }
}

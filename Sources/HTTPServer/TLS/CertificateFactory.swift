import COpenSSL

/// Makes keys, certificates and CSRs: the self-signed web certificate of a fresh install, the CA that
/// signs agent certificates, and the certificates it signs at enrolment.
///
/// Built on OpenSSL, which the server links for TLS anyway, rather than swift-certificates +
/// swift-crypto: those would add two packages (and BoringSSL's build) to every build for what a few
/// dozen OpenSSL calls do. Inputs and outputs are PEM text; keys are PKCS#8 PEM.
public enum CertificateFactory {
    /// Key algorithms for new keys.
    public enum KeyType: Sendable {
        /// ECDSA over NIST P-256: small, fast, accepted everywhere (the default).
        case p256
        /// ECDSA over NIST P-384.
        case p384
        /// RSA with this many bits (2048 or more).
        case rsa(bits: Int)
    }

    /// What a CA-signed certificate is for (its extendedKeyUsage).
    public enum Usage: Sendable {
        /// TLS server authentication (serverAuth).
        case server
        /// TLS client authentication (clientAuth), e.g. an agent talking to the gateway.
        case client
    }

    /// A validity window relative to now, in seconds. Negative offsets are allowed, so tests can
    /// make certificates that expired or are not valid yet.
    public struct Validity: Sendable {
        /// Seconds from now to notBefore (usually slightly negative to absorb clock skew).
        public var notBeforeOffset: Int
        /// Seconds from now to notAfter.
        public var notAfterOffset: Int

        public init(notBeforeOffset: Int, notAfterOffset: Int) {
            self.notBeforeOffset = notBeforeOffset
            self.notAfterOffset = notAfterOffset
        }

        /// Valid from an hour ago (clock skew between agent and server) for `count` days.
        public static func days(_ count: Int) -> Validity {
            Validity(notBeforeOffset: -3600, notAfterOffset: count * 86_400)
        }
    }

    /// A new private key as PKCS#8 PEM.
    public static func makePrivateKey(_ type: KeyType = .p256) throws(HTTPServerError) -> String {
        if case .rsa(let bits) = type, bits < 2048 { throw .tls("RSA keys need at least 2048 bits") }
        let key = try CertificateBuilder.generateKey(type)
        return try PEM.write("a private key") { PEM_write_bio_PrivateKey($0, key.pointer, nil, nil, 0, nil, nil) }
    }

    /// A self-signed server certificate for `hostnames` (DNS names and IP literals, all put in the
    /// subjectAltName; the first one is also the common name unless `commonName` is given).
    public static func makeSelfSigned(keyPEM: String, hostnames: [String], commonName: String? = nil,
                                      validity: Validity = .days(825)) throws(HTTPServerError) -> String {
        guard let first = hostnames.first else { throw .tls("a server certificate needs at least one hostname") }
        let key = try CertificateBuilder.loadKey(keyPEM)
        let name = try CertificateBuilder.name(commonName: commonName ?? first)
        let request = CertificateBuilder.Request(subjectName: name.pointer, validity: validity, extensions: [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, CertificateBuilder.leafKeyUsage(for: key.pointer)),
            (NID_ext_key_usage, "serverAuth"),
            (NID_subject_alt_name, try CertificateBuilder.subjectAltName(hostnames)),
            (NID_subject_key_identifier, "hash"),
        ])
        return try CertificateBuilder.issue(request, subjectKey: key.pointer, issuer: nil)
    }

    /// A self-signed CA certificate that may sign leaf certificates only (pathlen 0).
    public static func makeCA(keyPEM: String, commonName: String,
                              validity: Validity = .days(3650)) throws(HTTPServerError) -> String {
        let key = try CertificateBuilder.loadKey(keyPEM)
        let name = try CertificateBuilder.name(commonName: commonName)
        let request = CertificateBuilder.Request(subjectName: name.pointer, validity: validity, extensions: [
            (NID_basic_constraints, "critical,CA:TRUE,pathlen:0"),
            (NID_key_usage, "critical,keyCertSign,cRLSign"),
            (NID_subject_key_identifier, "hash"),
        ])
        return try CertificateBuilder.issue(request, subjectKey: key.pointer, issuer: nil)
    }

    /// A leaf certificate for the key in `keyPEM`, signed by the CA (`caCertPEM`, `caKeyPEM`).
    public static func makeSigned(keyPEM: String, commonName: String, usage: Usage, hostnames: [String] = [],
                                  validity: Validity = .days(825), caCertPEM: String,
                                  caKeyPEM: String) throws(HTTPServerError) -> String {
        let key = try CertificateBuilder.loadKey(keyPEM)
        let name = try CertificateBuilder.name(commonName: commonName)
        return try signLeaf(subjectKey: key.pointer, subjectName: name.pointer, usage: usage, hostnames: hostnames,
                            validity: validity, caCertPEM: caCertPEM, caKeyPEM: caKeyPEM)
    }

    /// A PKCS#10 certificate signing request for the key in `keyPEM`, signed with that key, naming
    /// `commonName`. The agent sends this at enrolment; its key never leaves it.
    public static func makeCSR(keyPEM: String, commonName: String) throws(HTTPServerError) -> String {
        let key = try CertificateBuilder.loadKey(keyPEM)
        let name = try CertificateBuilder.name(commonName: commonName)
        let request = try OpenSSLObject(X509_REQ_new(), release: X509_REQ_free, orFail: "allocating a CSR")
        guard X509_REQ_set_version(request.pointer, 0) == 1,  // the only version PKCS#10 defines
              X509_REQ_set_subject_name(request.pointer, name.pointer) == 1,
              X509_REQ_set_pubkey(request.pointer, key.pointer) == 1,
              X509_REQ_sign(request.pointer, key.pointer, CertificateBuilder.digest(for: key.pointer)) > 0 else {
            throw OpenSSLError.make("building a CSR")
        }
        return try PEM.write("a CSR") { PEM_write_bio_X509_REQ($0, request.pointer) }
    }

    /// Signs a CSR with the CA after checking the CSR's self-signature (proof that the requester holds
    /// the key). Only the CSR's public key and (unless `commonName` overrides it) its common name are
    /// used: requested extensions are ignored, so a CSR cannot ask for CA:TRUE or extra names.
    public static func signCSR(csrPEM: String, caCertPEM: String, caKeyPEM: String, validity: Validity = .days(825),
                               usage: Usage = .client, commonName: String? = nil,
                               hostnames: [String] = []) throws(HTTPServerError) -> String {
        let request = try PEM.read(csrPEM, "CSR", release: X509_REQ_free) { PEM_read_bio_X509_REQ($0, nil, nil, nil) }
        guard let publicKey = X509_REQ_get0_pubkey(request.pointer) else { throw OpenSSLError.make("reading the CSR's key") }
        guard X509_REQ_verify(request.pointer, publicKey) == 1 else {
            throw OpenSSLError.make("the CSR's signature does not verify")
        }
        guard let requested = commonName ?? PeerCertificate.commonName(X509_REQ_get_subject_name(request.pointer)) else {
            throw .tls("the CSR names no common name")
        }
        let name = try CertificateBuilder.name(commonName: requested)
        return try signLeaf(subjectKey: publicKey, subjectName: name.pointer, usage: usage, hostnames: hostnames,
                            validity: validity, caCertPEM: caCertPEM, caKeyPEM: caKeyPEM)
    }
}

extension CertificateFactory {
    private static func signLeaf(subjectKey: OpaquePointer, subjectName: OpaquePointer, usage: Usage,
                                 hostnames: [String], validity: Validity, caCertPEM: String,
                                 caKeyPEM: String) throws(HTTPServerError) -> String {
        let caCertificate = try CertificateBuilder.loadCertificate(caCertPEM)
        let caKey = try CertificateBuilder.loadKey(caKeyPEM)
        guard X509_check_private_key(caCertificate.pointer, caKey.pointer) == 1 else {
            throw OpenSSLError.make("the CA key does not match the CA certificate")
        }
        guard X509_check_ca(caCertificate.pointer) != 0 else { throw .tls("the issuing certificate is not a CA") }
        var extensions: [(Int32, String)] = [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, CertificateBuilder.leafKeyUsage(for: subjectKey)),
            (NID_ext_key_usage, usage == .server ? "serverAuth" : "clientAuth"),
            (NID_subject_key_identifier, "hash"),
            // keyid from the CA's subjectKeyIdentifier; issuer name + serial if the CA has none.
            (NID_authority_key_identifier, "keyid,issuer"),
        ]
        if !hostnames.isEmpty {
            extensions.append((NID_subject_alt_name, try CertificateBuilder.subjectAltName(hostnames)))
        }
        let request = CertificateBuilder.Request(subjectName: subjectName, validity: validity, extensions: extensions)
        return try CertificateBuilder.issue(request, subjectKey: subjectKey,
                                            issuer: (caCertificate.pointer, caKey.pointer))
    }
}

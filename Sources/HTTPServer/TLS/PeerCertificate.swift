import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// What we know about a certificate the peer presented (or one parsed from PEM/DER): enough to name
/// an agent, log it, pin it and check it against a revocation list, with no C type in sight.
public struct PeerCertificate: Sendable, Equatable {
    /// The certificate in DER, exactly as received.
    public let der: [UInt8]
    /// Subject distinguished name in RFC 2253 form, e.g. `CN=agent-7,O=PrinterCare`.
    public let subject: String
    /// Issuer distinguished name in RFC 2253 form.
    public let issuer: String
    /// The subject's first common name, if it has one.
    public let commonName: String?
    /// Serial number as lowercase hex without leading zeros (OpenSSL's `BN_bn2hex`, lowercased).
    public let serialNumberHex: String
    /// Start of validity, seconds since 1970-01-01 UTC.
    public let notBefore: Int64
    /// End of validity, seconds since 1970-01-01 UTC.
    public let notAfter: Int64
    /// SHA-256 of `der` as lowercase hex: a stable pin for one certificate.
    public let sha256Fingerprint: String
    /// `subjectAltName` DNS entries.
    public let dnsNames: [String]
    /// `subjectAltName` IP entries in textual form (`127.0.0.1`, `::1`).
    public let ipAddresses: [String]
    /// Whether basicConstraints says CA:TRUE.
    public let isCertificateAuthority: Bool

    /// Parses one PEM certificate (the first, if the text holds a chain).
    public init(pem: String) throws(HTTPServerError) {
        let x509 = try PEM.read(pem, "certificate", release: X509_free) { PEM_read_bio_X509($0, nil, nil, nil) }
        try self.init(x509: x509.pointer)
    }

    /// Parses one DER certificate.
    public init(der: [UInt8]) throws(HTTPServerError) {
        OpenSSLError.clearQueue()
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { bytes in
            var cursor = bytes.baseAddress
            return d2i_X509(nil, &cursor, bytes.count)
        }
        let x509 = try OpenSSLObject(parsed, release: X509_free, orFail: "reading a DER certificate")
        try self.init(x509: x509.pointer)
    }

    /// Copies everything out of a borrowed `X509*`; the pointer is not kept.
    init(x509: OpaquePointer) throws(HTTPServerError) {
        der = try Self.encode(x509)
        subject = try Self.distinguishedName(X509_get_subject_name(x509))
        issuer = try Self.distinguishedName(X509_get_issuer_name(x509))
        commonName = Self.commonName(X509_get_subject_name(x509))
        serialNumberHex = try Self.serialHex(x509)
        notBefore = try Self.epochSeconds(X509_get0_notBefore(x509))
        notAfter = try Self.epochSeconds(X509_get0_notAfter(x509))
        sha256Fingerprint = Self.hex(Self.sha256(der))
        (dnsNames, ipAddresses) = Self.alternativeNames(x509)
        isCertificateAuthority = X509_check_ca(x509) != 0
    }
}

extension PeerCertificate {
    private static func encode(_ x509: OpaquePointer) throws(HTTPServerError) -> [UInt8] {
        let length = i2d_X509(x509, nil)
        guard length > 0 else { throw OpenSSLError.make("encoding a certificate as DER") }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let written = bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return i2d_X509(x509, &cursor)
        }
        guard written == length else { throw OpenSSLError.make("encoding a certificate as DER") }
        return bytes
    }

    private static func distinguishedName(_ name: OpaquePointer?) throws(HTTPServerError) -> String {
        guard let name else { return "" }
        return try PEM.write("a distinguished name") { X509_NAME_print_ex($0, name, 0, shim_XN_FLAG_RFC2253) >= 0 ? 1 : 0 }
    }

    /// The first CN of a borrowed `X509_NAME*`, as UTF-8.
    static func commonName(_ name: OpaquePointer?) -> String? {
        guard let name else { return nil }
        let index = X509_NAME_get_index_by_NID(name, NID_commonName, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index),
              let data = X509_NAME_ENTRY_get_data(entry) else { return nil }
        var utf8: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&utf8, data)
        guard length >= 0, let utf8 else { return nil }
        defer { shim_OPENSSL_free(utf8) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
    }

    private static func serialHex(_ x509: OpaquePointer) throws(HTTPServerError) -> String {
        guard let number = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x509), nil) else {
            throw OpenSSLError.make("reading a serial number")
        }
        defer { BN_free(number) }
        guard let text = BN_bn2hex(number) else { throw OpenSSLError.make("reading a serial number") }
        defer { shim_OPENSSL_free(text) }
        return String(cString: text).lowercased()
    }

    private static func epochSeconds(_ time: UnsafePointer<ASN1_TIME>?) throws(HTTPServerError) -> Int64 {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else { throw OpenSSLError.make("reading a validity date") }
        return Int64(timegm(&parts))
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = EVP_Digest(bytes, bytes.count, &digest, &length, EVP_sha256(), nil)
        return Array(digest.prefix(Int(length)))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func alternativeNames(_ x509: OpaquePointer) -> ([String], [String]) {
        guard let raw = X509_get_ext_d2i(x509, NID_subject_alt_name, nil, nil) else { return ([], []) }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        var dns: [String] = []
        var ips: [String] = []
        for index in 0..<shim_sk_GENERAL_NAME_num(names) {
            var type: Int32 = 0
            guard let name = shim_sk_GENERAL_NAME_value(names, index),
                  let value = GENERAL_NAME_get0_value(name, &type) else { continue }
            let string = value.assumingMemoryBound(to: ASN1_STRING.self)
            guard let data = ASN1_STRING_get0_data(string) else { continue }
            let bytes = UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(string)))
            switch type {
            case GEN_DNS: dns.append(String(decoding: bytes, as: UTF8.self))
            case GEN_IPADD: if let text = ipText(bytes) { ips.append(text) }
            default: continue
            }
        }
        return (dns, ips)
    }

    private static func ipText(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let family: Int32
        switch bytes.count {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(INET6_ADDRSTRLEN)) { text in
            guard inet_ntop(family, bytes.baseAddress, text.baseAddress, socklen_t(text.count)) != nil else { return nil }
            return String(cString: text.baseAddress!)
        }
    }
}

import COpenSSL

/// The one owner of an OpenSSL object (`X509*`, `EVP_PKEY*`, `BIO*`, ...) used while building or
/// parsing certificates; frees it exactly once when the value goes away.
///
/// `~Copyable` so ownership is checked by the compiler rather than by convention, and a struct so a
/// short-lived handle costs no allocation. The pointer is read only by the TLS files, inside the call
/// that borrows the owner.
struct OpenSSLObject: ~Copyable {
    let pointer: OpaquePointer
    private let release: @convention(c) (OpaquePointer?) -> Void

    /// Takes ownership of `pointer`; a NULL from the allocating call becomes `.tls(what: queue)`.
    init(_ pointer: OpaquePointer?, release: @convention(c) (OpaquePointer?) -> Void,
         orFail what: @autoclosure () -> String) throws(HTTPServerError) {
        guard let pointer else { throw OpenSSLError.make(what()) }
        self.pointer = pointer
        self.release = release
    }

    deinit { release(pointer) }
}

/// PEM text in and out of OpenSSL through memory BIOs.
enum PEM {
    /// Runs `write` against an empty memory BIO and returns what it wrote as text.
    static func write(_ what: String, _ write: (OpaquePointer) -> Int32) throws(HTTPServerError) -> String {
        let bio = try OpenSSLObject(BIO_new(BIO_s_mem()), release: BIO_free_all, orFail: "allocating a memory BIO")
        guard write(bio.pointer) == 1 else { throw OpenSSLError.make("writing \(what) as PEM") }
        var data: UnsafeMutablePointer<CChar>?
        let count = shim_BIO_get_mem_data(bio.pointer, &data)
        guard let data, count > 0 else { throw OpenSSLError.make("writing \(what) as PEM") }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
    }

    /// Hands `read` a read-only memory BIO over `text` and owns what it returns, freed by `release`.
    static func read(_ text: String, _ what: String, release: @convention(c) (OpaquePointer?) -> Void,
                     _ read: (OpaquePointer) -> OpaquePointer?) throws(HTTPServerError) -> OpenSSLObject {
        OpenSSLError.clearQueue()
        var text = text
        let parsed: OpaquePointer? = text.withUTF8 { bytes in
            // The BIO points into `bytes` without copying, so it must not outlive this closure.
            guard bytes.count <= Int(Int32.max),
                  let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)) else { return nil }
            defer { BIO_free_all(bio) }
            return read(bio)
        }
        return try OpenSSLObject(parsed, release: release, orFail: "reading \(what) from PEM")
    }
}

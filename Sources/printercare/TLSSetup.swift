import HTTPServer

/// The certificates `serve` needs: a self-signed web certificate made on first start, and the CA that
/// signs agent certificates (the gateway trusts only it).
struct TLSSetup {
    let dataDirectory: String

    func webContext() throws -> TLSContext {
        let files = try CertificateFactory.ensureSelfSigned(directory: dataDirectory, hostnames: ["localhost", "127.0.0.1"])
        return try TLSContext(server: TLSConfiguration(certificateChainPath: files.certificatePath, privateKeyPath: files.keyPath))
    }

    func gatewayContext() throws -> TLSContext {
        let web = try CertificateFactory.ensureSelfSigned(directory: dataDirectory, hostnames: ["localhost", "127.0.0.1"])
        let ca = try CertificateFactory.ensureAgentCA(directory: dataDirectory)
        var configuration = TLSConfiguration(certificateChainPath: web.certificatePath, privateKeyPath: web.keyPath)
        configuration.clientCAPath = ca.certificatePath
        configuration.clientAuthentication = .require
        return try TLSContext(server: configuration)
    }
}

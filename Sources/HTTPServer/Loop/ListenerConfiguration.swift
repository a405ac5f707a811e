/// One listening port: where, with or without TLS, and which routes answer there.
public struct ListenerConfiguration: Sendable {
    public var name: String
    public var host: String
    /// 0 picks a free port; `Server.ports` tells which.
    public var port: Int
    public var tls: TLSContext?
    public var router: Router

    public init(name: String, host: String = "0.0.0.0", port: Int, tls: TLSContext? = nil, router: Router) {
        self.name = name
        self.host = host
        self.port = port
        self.tls = tls
        self.router = router
    }
}

/// A listener as one loop holds it: its descriptor and configuration.
final class ListenerSlot {
    let fd: Int32
    let configuration: ListenerConfiguration
    let parser: RequestParser
    var paused = false

    init(fd: Int32, configuration: ListenerConfiguration, limits: HTTPLimits) {
        self.fd = fd
        self.configuration = configuration
        self.parser = RequestParser(limits: limits)
    }
}

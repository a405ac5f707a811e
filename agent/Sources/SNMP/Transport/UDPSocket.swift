import Glibc

/// An IPv4 address and port, as the kernel reported or will be told it.
public struct UDPAddress: Sendable, Hashable, CustomStringConvertible {
    /// Four octets, network order.
    public var octets: [UInt8]
    public var port: UInt16

    public init(octets: [UInt8], port: UInt16) {
        self.octets = octets
        self.port = port
    }

    /// Parses dotted-quad IPv4 (`localhost` is read as 127.0.0.1); nil for anything else, so no
    /// name lookup ever blocks a caller.
    public init?(host: String, port: UInt16) {
        let text = host == "localhost" ? "127.0.0.1" : host
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        let raw = UInt32(bigEndian: address.s_addr)
        octets = [UInt8(raw >> 24), UInt8(raw >> 16 & 0xFF), UInt8(raw >> 8 & 0xFF), UInt8(raw & 0xFF)]
        self.port = port
    }

    public var host: String { octets.map(String.init).joined(separator: ".") }
    public var description: String { "\(host):\(port)" }

    fileprivate var sockaddr: sockaddr_in {
        var result = sockaddr_in()
        result.sin_family = sa_family_t(AF_INET)
        result.sin_port = port.bigEndian
        let raw = octets.count == 4 ? octets.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } : 0
        result.sin_addr.s_addr = raw.bigEndian
        return result
    }

    fileprivate init(_ address: sockaddr_in) {
        let raw = UInt32(bigEndian: address.sin_addr.s_addr)
        octets = [UInt8(raw >> 24), UInt8(raw >> 16 & 0xFF), UInt8(raw >> 8 & 0xFF), UInt8(raw & 0xFF)]
        port = UInt16(bigEndian: address.sin_port)
    }
}

/// The outcome of a non-blocking call: done, or the kernel said "try later" (EAGAIN).
enum UDPResult<T> {
    case done(T)
    case wouldBlock
}

/// A non-blocking IPv4 UDP socket; the only file of the module that makes socket calls
/// (`NetworkInterfaces.swift` beside it reads the interface list). Its one owner
/// closes the descriptor in `deinit` (or earlier through `close`, which is idempotent).
/// Thread safety: `send` and `receive` may run on different threads (the kernel serializes them);
/// `close` must only be called once no other thread can still be inside `wait` or `receive`.
final class UDPSocket: @unchecked Sendable {
    private let fd: Int32
    /// The bound address (port resolved when 0 was asked for).
    let localAddress: UDPAddress

    /// Opens and binds a socket; `bindTo` port 0 picks a free port.
    init(bindTo address: UDPAddress) throws(SNMPError) {
        let fd = try Self.must("socket") {
            socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        do {
            // No SO_REUSEADDR: on Linux it lets a second UDP socket share the port, which would hide
            // a trap receiver started twice instead of failing its bind.
            // A large receive buffer: a burst of answers to many requests in flight must not be lost.
            var size: Int32 = 1 << 20
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            var storage = address.sockaddr
            try Self.must("bind(\(address))") {
                withUnsafePointer(to: &storage) {
                    $0.withMemoryRebound(to: Glibc.sockaddr.self, capacity: 1) {
                        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
            var bound = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            try Self.must("getsockname") {
                withUnsafeMutablePointer(to: &bound) {
                    $0.withMemoryRebound(to: Glibc.sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
                }
            }
            localAddress = UDPAddress(bound)
        } catch {
            _ = Glibc.close(fd)
            throw error
        }
        self.fd = fd
    }

    deinit { _ = Glibc.close(fd) }

    /// Allows sending to broadcast addresses (SO_BROADCAST); without it the kernel refuses them with EACCES.
    func enableBroadcast() throws(SNMPError) {
        var on: Int32 = 1
        try Self.must("setsockopt(SO_BROADCAST)") {
            setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// Sends one datagram; `.wouldBlock` when the send buffer is full.
    func send(_ bytes: [UInt8], to address: UDPAddress) throws(SNMPError) -> UDPResult<Int> {
        var target = address.sockaddr
        return try Self.call("sendto(\(address))") {
            bytes.withUnsafeBytes { buffer in
                withUnsafePointer(to: &target) {
                    $0.withMemoryRebound(to: Glibc.sockaddr.self, capacity: 1) {
                        sendto(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
        }
    }

    /// Receives one datagram into `buffer` (a datagram longer than the buffer is cut, and then
    /// fails to decode); returns its length and sender.
    func receive(into buffer: inout [UInt8]) throws(SNMPError) -> UDPResult<(count: Int, from: UDPAddress)> {
        var source = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = try Self.call("recvfrom") {
            buffer.withUnsafeMutableBytes { raw in
                withUnsafeMutablePointer(to: &source) {
                    $0.withMemoryRebound(to: Glibc.sockaddr.self, capacity: 1) {
                        recvfrom(fd, raw.baseAddress, raw.count, 0, $0, &length)
                    }
                }
            }
        }
        guard case .done(let count) = result else { return .wouldBlock }
        return .done((count, UDPAddress(source)))
    }

    /// Waits up to `milliseconds` for a datagram to arrive; true when one is readable.
    func waitReadable(milliseconds: Int32) throws(SNMPError) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let result = try Self.call("poll") { poll(&entry, 1, milliseconds) }
        guard case .done(let ready) = result else { return false }
        return ready > 0
    }

    // MARK: the syscall funnel

    /// Retries EINTR, turns EAGAIN into `.wouldBlock`, names the call and errno for everything else.
    /// ECONNREFUSED (an ICMP port unreachable from an earlier send) is reported as would-block: on an
    /// unconnected UDP socket it belongs to no particular request, and the timeout handles it.
    private static func call<T: FixedWidthInteger>(_ name: @autoclosure () -> String, _ body: () -> T) throws(SNMPError) -> UDPResult<T> {
        while true {
            let result = body()
            if result >= 0 { return .done(result) }
            let err = errno
            switch err {
            case EINTR: continue
            case EAGAIN, ECONNREFUSED: return .wouldBlock
            case EBADF, EFAULT: preconditionFailure("\(name()) failed with errno \(err): a bug in the SNMP transport")
            default: throw .socket("\(name()): \(String(cString: strerror(err))) (errno \(err))")
            }
        }
    }

    @discardableResult
    private static func must<T: FixedWidthInteger>(_ name: @autoclosure () -> String, _ body: () -> T) throws(SNMPError) -> T {
        switch try call(name(), body) {
        case .done(let value): return value
        case .wouldBlock: throw .socket("\(name()): would block")
        }
    }
}

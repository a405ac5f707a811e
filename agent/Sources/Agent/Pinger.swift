#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The outcome of one ICMP echo.
public enum PingResult: Sendable, Equatable {
    /// A matching echo reply arrived after `rtt` seconds.
    case reply(rtt: Double)
    case timeout
}

/// Why a ping could not be sent at all.
public enum PingError: Error, CustomStringConvertible {
    case socket(String)
    case resolve(String)

    public var description: String {
        switch self {
        case .socket(let message): return "ICMP socket: \(message)"
        case .resolve(let host): return "not an IPv4 address: \(host)"
        }
    }
}

/// ICMP echo (RFC 792) over IPv4: the only file with ICMP syscalls.
///
/// Prefers the unprivileged ICMP datagram socket (Linux, when `net.ipv4.ping_group_range` covers our
/// group); the kernel then owns the identifier and strips the IP header. Falls back to a raw socket,
/// which needs root or CAP_NET_RAW and delivers every ICMP packet with its IP header, so replies are
/// matched by identifier and sequence. Calls block: run them off the cooperative pool.
public struct Pinger: Sendable {
    /// Whether the unprivileged (datagram) kind is in use, else raw.
    public let unprivileged: Bool
    private let descriptor: Int32

    public init() throws {
        var fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Int32(IPPROTO_ICMP))
        var datagram = true
        if fd < 0 {
            fd = socket(AF_INET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Int32(IPPROTO_ICMP))
            datagram = false
        }
        guard fd >= 0 else {
            throw PingError.socket("neither an unprivileged ICMP socket (net.ipv4.ping_group_range) nor a raw one "
                                   + "(needs root): \(String(cString: strerror(errno)))")
        }
        descriptor = fd
        unprivileged = datagram
    }

    /// Closes the socket; the pinger is unusable afterwards.
    public func close() { _ = Glibc.close(descriptor) }

    /// Sends one echo request to `host` (dotted IPv4) and waits up to `timeout` seconds for its reply.
    public func ping(_ host: String, sequence: UInt16 = 1, timeout: Double = 1.0) throws -> PingResult {
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        guard inet_pton(AF_INET, host, &target.sin_addr) == 1 else { throw PingError.resolve(host) }
        // With a datagram socket the kernel rewrites the identifier; with raw sockets ours must be unique
        // enough to tell our replies from other processes' pings.
        let identifier = UInt16(truncatingIfNeeded: getpid() ^ Int32(UInt16.random(in: 0...UInt16.max)))
        var packet: [UInt8] = [8, 0, 0, 0, UInt8(identifier >> 8), UInt8(identifier & 0xFF),
                               UInt8(sequence >> 8), UInt8(sequence & 0xFF)]
        packet += Array("printercare-ping".utf8)
        let sum = Self.checksum(packet)
        packet[2] = UInt8(sum >> 8); packet[3] = UInt8(sum & 0xFF)

        let start = DispatchTime.now().uptimeNanoseconds
        let sent = withUnsafePointer(to: &target) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(descriptor, packet, packet.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard sent == packet.count else { throw PingError.socket("sendto: \(String(cString: strerror(errno)))") }

        let deadline = start + UInt64(timeout * 1e9)
        var buffer = [UInt8](repeating: 0, count: 1500)
        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { return .timeout }
            var fds = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, Int32(max(1, (deadline - now) / 1_000_000)))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return .timeout }
            var from = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let count = withUnsafeMutablePointer(to: &from) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(descriptor, &buffer, buffer.count, 0, $0, &length)
                }
            }
            guard count > 0, from.sin_addr.s_addr == target.sin_addr.s_addr else { continue }
            var icmp = buffer[0..<count]
            if !unprivileged {
                // Raw sockets deliver the IP header first; its length is in the low nibble (32-bit words).
                let headerLength = Int(buffer[0] & 0x0F) * 4
                guard count >= headerLength + 8 else { continue }
                icmp = buffer[headerLength..<count]
            }
            let base = icmp.startIndex
            guard icmp.count >= 8, icmp[base] == 0 else { continue }  // type 0 = echo reply
            let replySequence = UInt16(icmp[base + 6]) << 8 | UInt16(icmp[base + 7])
            let replyIdentifier = UInt16(icmp[base + 4]) << 8 | UInt16(icmp[base + 5])
            guard replySequence == sequence, unprivileged || replyIdentifier == identifier else { continue }
            return .reply(rtt: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
    }

    /// The Internet checksum (RFC 1071): one's-complement sum of 16-bit words.
    public static func checksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        var index = 0
        while index + 1 < bytes.count {
            sum += UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
            index += 2
        }
        if index < bytes.count { sum += UInt32(bytes[index]) << 8 }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }
}

import Glibc

/// One IPv4 address of a network interface of this host, as `getifaddrs` reports it. Addresses are
/// 32-bit values in host order (`10.0.0.1` is `0x0A00_0001`).
public struct NetworkInterface: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var address: UInt32
    public var netmask: UInt32
    /// The subnet's broadcast address, when the interface has one (IFF_BROADCAST).
    public var broadcast: UInt32?
    public var isUp: Bool
    public var supportsBroadcast: Bool
    public var isLoopback: Bool

    public init(name: String, address: UInt32, netmask: UInt32, broadcast: UInt32?, isUp: Bool,
                supportsBroadcast: Bool, isLoopback: Bool = false) {
        self.name = name
        self.address = address
        self.netmask = netmask
        self.broadcast = broadcast
        self.isUp = isUp
        self.supportsBroadcast = supportsBroadcast
        self.isLoopback = isLoopback
    }

    /// The network address (the interface's address with the host bits cleared).
    public var network: UInt32 { address & netmask }
    /// The prefix length of the netmask (a non-contiguous mask counts its one bits).
    public var prefixLength: Int { netmask.nonzeroBitCount }

    public var description: String {
        "\(name) \(Self.dotted(address))/\(prefixLength)" + (broadcast.map { " brd \(Self.dotted($0))" } ?? "")
    }

    /// Dotted-quad text of a host-order address.
    public static func dotted(_ value: UInt32) -> String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }
}

/// The host's IPv4 interfaces.
public enum NetworkInterfaces {
    /// Every IPv4 address of every interface (an interface with two addresses appears twice).
    public static func ipv4() throws(SNMPError) -> [NetworkInterface] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { throw .socket("getifaddrs: \(String(cString: strerror(errno)))") }
        defer { freeifaddrs(list) }
        var result: [NetworkInterface] = []
        var cursor = list
        while let entry = cursor?.pointee {
            cursor = entry.ifa_next
            guard let address = ipv4(entry.ifa_addr), let mask = ipv4(entry.ifa_netmask) else { continue }
            let flags = entry.ifa_flags
            let broadcastFlag = flags & UInt32(IFF_BROADCAST) != 0
            // ifa_ifu holds the broadcast address when IFF_BROADCAST is set (the peer's on point-to-point links).
            let broadcast = broadcastFlag ? ipv4(entry.ifa_ifu.ifu_broadaddr) : nil
            result.append(NetworkInterface(name: String(cString: entry.ifa_name), address: address, netmask: mask,
                                           broadcast: broadcast, isUp: flags & UInt32(IFF_UP) != 0,
                                           supportsBroadcast: broadcastFlag,
                                           isLoopback: flags & UInt32(IFF_LOOPBACK) != 0))
        }
        return result
    }

    /// The host-order IPv4 address of a `sockaddr`, nil for other families or none.
    private static func ipv4(_ pointer: UnsafeMutablePointer<sockaddr>?) -> UInt32? {
        guard let pointer, pointer.pointee.sa_family == sa_family_t(AF_INET) else { return nil }
        return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt32(bigEndian: $0.pointee.sin_addr.s_addr) }
    }
}

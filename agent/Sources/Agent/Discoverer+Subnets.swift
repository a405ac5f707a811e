import FleetCore
import SNMP

extension Discoverer {
    /// Whether a broadcast on `interface` reaches its subnet and nothing else: up, IFF_BROADCAST, not
    /// loopback, a prefix of /30 or shorter, and the broadcast address is the subnet's own.
    public static func canBroadcast(_ interface: NetworkInterface) -> Bool {
        guard interface.isUp, interface.supportsBroadcast, !interface.isLoopback, interface.prefixLength <= 30,
              let broadcast = interface.broadcast else { return false }
        return broadcast == interface.network | ~interface.netmask
    }

    /// The interface whose subnet's host addresses are exactly the range (nothing excluded), if any.
    public static func exactSubnet(of range: AddressRange, among interfaces: [NetworkInterface]) -> NetworkInterface? {
        guard range.excluded.isEmpty else { return nil }
        return interfaces.first { interface in
            canBroadcast(interface) && range.first.value == interface.network + 1
                && range.last.value == interface.network | ~interface.netmask - 1
        }
    }

    /// The interface whose subnet holds every address of the range, if any.
    public static func enclosingSubnet(of range: AddressRange, among interfaces: [NetworkInterface]) -> NetworkInterface? {
        interfaces.first { interface in
            canBroadcast(interface) && range.first.value > interface.network
                && range.last.value < interface.network | ~interface.netmask
        }
    }
}

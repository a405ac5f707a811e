import FleetCore

/// Agent: SNMP discovery, polling, address ranges and ICMP reachability.
public enum Agent {
    public static let version = FleetCore.version
}

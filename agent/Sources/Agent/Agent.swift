import FleetCore
import HTTPServer

/// Agent: SNMP, discovery, poller, spool and gateway client. Arrives with the agent issues.
public enum Agent {
    public static let version = FleetCore.version
}

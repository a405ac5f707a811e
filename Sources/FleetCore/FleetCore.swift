/// FleetCore: readings, supply rules, drivers and agent<->gateway messages, shared by server and agent.
/// No I/O lives here. The capabilities arrive with the SNMP and storage issues.
public enum FleetCore {
    /// The product version both executables report.
    public static let version = "0.1.0"
}

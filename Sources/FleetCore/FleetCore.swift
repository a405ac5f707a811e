/// FleetCore: readings, supply rules, drivers and agent<->gateway messages, shared by server and agent.
/// No I/O lives here.
public enum FleetCore {
    /// The product version both executables report.
    public static let version = "0.1.0"
}

import Synchronization

/// What this process's gateway has done since it started, for `/metrics` (counters only: totals of
/// the installation, never per organization).
public final class GatewayCounters: Sendable {
    public let uploadsStored = Atomic<Int>(0)
    public let uploadsDuplicate = Atomic<Int>(0)
    public let readingsStored = Atomic<Int>(0)
    public let readingsRejected = Atomic<Int>(0)
    public let commandsSent = Atomic<Int>(0)
    public let enrolments = Atomic<Int>(0)
    public let certificatesRefused = Atomic<Int>(0)

    public init() {}

    static func add(_ counter: borrowing Atomic<Int>, _ amount: Int) {
        counter.wrappingAdd(amount, ordering: .relaxed)
    }
}

import FleetCore
import Foundation
import SNMP

extension Poller {
    /// A full read of a printer that answered discovery's SNMPv1 GetNext: over `target`'s version,
    /// and when a v2c read gets no answer at all, once more over v1 — older boards and print servers
    /// speak only v1 and silently drop v2c messages (RFC 3584's snmpInBadVersions), so a range set
    /// to v2c would otherwise find such a printer and never read it. The reading and the version
    /// that answered (the device is then polled with it).
    public func readDiscovered(_ target: SNMPTarget, collectedAt: Date = Date()) async throws(SNMPError)
        -> (reading: Reading, version: SNMPVersion) {
        do {
            return (try await read(target, collectedAt: collectedAt), target.version)
        } catch .timeout where target.version == .v2c {
            var v1 = target
            v1.version = .v1
            return (try await read(v1, collectedAt: collectedAt), .v1)
        }
    }
}

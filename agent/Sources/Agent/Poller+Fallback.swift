import FleetCore
import Foundation
import SNMP

extension Poller {
    /// A full read of a printer that answered discovery's SNMPv1 scan: over `target`'s version, and
    /// when a v2c read times out and v2c gets no answer at all (one Get of sysObjectID.0), once more
    /// over v1 — older boards and print servers speak only v1 and silently drop v2c messages
    /// (RFC 3584's snmpInBadVersions), so a range set to v2c would otherwise find such a printer and
    /// never read it. A device that does answer v2c keeps its timeout (a lost answer is not a reason
    /// to poll it over v1 from then on). The reading and the version that answered.
    public func readDiscovered(_ target: SNMPTarget, collectedAt: Date = Date()) async throws(SNMPError)
        -> (reading: Reading, version: SNMPVersion) {
        do {
            return (try await read(target, collectedAt: collectedAt), target.version)
        } catch .timeout where target.version == .v2c {
            if (try? await client.get([StandardOIDs.sysObjectID], from: target)) != nil { throw .timeout }
            var v1 = target
            v1.version = .v1
            return (try await read(v1, collectedAt: collectedAt), .v1)
        }
    }
}

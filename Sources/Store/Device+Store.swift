import FleetCore
import Foundation

/// Devices and their readings, read within a caller's scope; written only by the ingest.
public struct DeviceStore: Sendable {
    let database: Database
    let partitions: ReadingPartitions
    public init(database: Database) {
        self.database = database
        partitions = ReadingPartitions(database: database)
    }

    /// A page of the devices within reach, in id order, and whether more follow.
    public func list(_ query: DeviceQuery, scope: TenantScope) async throws(StoreError) -> (devices: [Device], hasMore: Bool) {
        let limit = max(1, min(query.limit, 1000))
        let pattern = query.search.map { "%" + $0.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%" }
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            let rows = try tx.query("""
                SELECT \(Device.columns) FROM devices
                WHERE organization_id = ANY(\(scope.organizationIDs))
                  AND (\(query.organizationID) IS NULL OR organization_id = \(query.organizationID))
                  AND (\(query.agentID) IS NULL OR agent_id = \(query.agentID))
                  AND (\(query.manufacturer)::text IS NULL OR manufacturer ILIKE \(query.manufacturer))
                  AND (\(query.isOnline) IS NULL OR is_online = \(query.isOnline))
                  AND (\(pattern)::text IS NULL OR host(address) LIKE \(pattern) OR model ILIKE \(pattern)
                       OR manufacturer ILIKE \(pattern) OR serial_number ILIKE \(pattern) OR location ILIKE \(pattern)
                       OR description ILIKE \(pattern))
                  AND id > \(query.afterID ?? 0)
                ORDER BY id LIMIT \(limit + 1)
                """)
            let devices = try rows.prefix(limit).map { (row) throws(StoreError) in try Device(row: row) }
            return (devices, rows.count > limit)
        }
    }

    public func find(_ id: Int64, scope: TenantScope) async throws(StoreError) -> Device? {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.queryOne("SELECT \(Device.columnsWithReading) FROM devices WHERE id = \(id) AND organization_id = ANY(\(scope.organizationIDs))")
                .map { (row) throws(StoreError) in try Device(row: row) }
        }
    }

    /// Readings of a device within reach between `from` (inclusive) and `to` (exclusive), oldest
    /// first, at most `limit`; nil when the device is out of reach.
    public func readings(of id: Int64, from: Date?, to: Date?, limit: Int = 1000, scope: TenantScope) async throws(StoreError) -> [StoredReading]? {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> [StoredReading]? in
            guard try tx.queryOne("SELECT 1 AS ok FROM devices WHERE id = \(id) AND organization_id = ANY(\(scope.organizationIDs))") != nil
            else { return nil }
            return try tx.query("""
                SELECT device_id, collected_at, received_at, reading::text AS reading FROM readings
                WHERE device_id = \(id) AND organization_id = ANY(\(scope.organizationIDs))
                  AND collected_at >= \(from ?? Date(timeIntervalSince1970: 0))
                  AND collected_at < \(to ?? Date(timeIntervalSince1970: 4_102_444_800))
                ORDER BY collected_at LIMIT \(max(1, min(limit, 10_000)))
                """).map { (row) throws(StoreError) in try StoredReading(row: row) }
        }
    }

    /// The devices an agent polls for a status command: all of the organization's devices served by
    /// that agent, or those found through one range. System mode (the scheduler acts for no user).
    public func statusTargets(agentID: Int64, rangeID: Int64? = nil) async throws(StoreError) -> [DeviceTarget] {
        try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) in
            try tx.query("""
                SELECT id, host(address) AS address, snmp_community, snmp_version, snmp_port FROM devices
                WHERE agent_id = \(agentID) AND (\(rangeID) IS NULL OR address_range_id = \(rangeID))
                ORDER BY id
                """).map { (row) throws(StoreError) in
                DeviceTarget(deviceID: try row.int64("id"), address: try row.string("address"),
                             snmp: SNMPSettings(community: try row.string("snmp_community"),
                                                version: try row.string("snmp_version"), port: try row.int("snmp_port")))
            }
        }
    }
}

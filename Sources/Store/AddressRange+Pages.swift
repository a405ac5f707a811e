import Foundation

/// A range as the web pages list it: with how many devices were found through it and its latest
/// discovery command (queued, running or done), if any.
public struct AddressRangeSummary: Sendable {
    public let range: StoredAddressRange
    public let deviceCount: Int
    public let latestDiscovery: AgentCommand?
}

/// A printer found through a range, as the range's page lists it.
public struct RangeDevice: Sendable, Equatable {
    public let id: Int64
    public let address: String
    public let manufacturer: String?
    public let model: String?
    public let serialNumber: String?
    public let lastSeenAt: Date
}

extension AddressRangeStore {
    /// Every range within reach, by name, with its device count and latest discovery.
    public func summaries(scope: TenantScope) async throws(StoreError) -> [AddressRangeSummary] {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> [AddressRangeSummary] in
            let ranges = try tx.query("""
                SELECT \(StoredAddressRange.columns) FROM address_ranges
                WHERE organization_id = ANY(\(scope.organizationIDs)) ORDER BY name, id
                """).map { (row) throws(StoreError) in try StoredAddressRange(row: row) }
            var counts: [Int64: Int] = [:]
            for row in try tx.query("""
                SELECT address_range_id, count(*) AS n FROM devices
                WHERE organization_id = ANY(\(scope.organizationIDs)) AND address_range_id IS NOT NULL
                GROUP BY address_range_id
                """) {
                counts[try row.int64("address_range_id")] = try row.int("n")
            }
            var summaries: [AddressRangeSummary] = []
            for range in ranges {
                summaries.append(AddressRangeSummary(range: range, deviceCount: counts[range.id] ?? 0,
                                                     latestDiscovery: try Self.latestDiscovery(of: range, in: tx)))
            }
            return summaries
        }
    }

    /// The range's latest discovery command, within reach; nil when none was ever queued.
    public func latestDiscovery(of range: StoredAddressRange, scope: TenantScope) async throws(StoreError) -> AgentCommand? {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> AgentCommand? in
            guard scope.contains(range.organizationID) else { return nil }
            return try Self.latestDiscovery(of: range, in: tx)
        }
    }

    static func latestDiscovery(of range: StoredAddressRange, in tx: Transaction) throws(StoreError) -> AgentCommand? {
        try tx.queryOne("""
            SELECT \(AgentCommand.columns) FROM agent_commands
            WHERE organization_id = \(range.organizationID) AND address_range_id = \(range.id) AND kind = 'discovery'
            ORDER BY id DESC LIMIT 1
            """).map { (row) throws(StoreError) in try AgentCommand(row: row) }
    }

    /// The devices found through the range (newest contact first), at most `limit`, and how many there are.
    public func devices(ofRange rangeID: Int64, scope: TenantScope, limit: Int = 200) async throws(StoreError) -> (devices: [RangeDevice], total: Int) {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> ([RangeDevice], Int) in
            let total = try tx.queryOne("""
                SELECT count(*) AS n FROM devices WHERE organization_id = ANY(\(scope.organizationIDs)) AND address_range_id = \(rangeID)
                """)?.int("n") ?? 0
            let devices = try tx.query("""
                SELECT id, host(address) AS address, manufacturer, model, serial_number, last_seen_at FROM devices
                WHERE organization_id = ANY(\(scope.organizationIDs)) AND address_range_id = \(rangeID)
                ORDER BY address, id LIMIT \(limit)
                """).map { (row) throws(StoreError) in
                RangeDevice(id: try row.int64("id"), address: try row.string("address"), manufacturer: try row.optionalString("manufacturer"),
                            model: try row.optionalString("model"), serialNumber: try row.optionalString("serial_number"),
                            lastSeenAt: try row.date("last_seen_at"))
            }
            return (devices, total)
        }
    }
}

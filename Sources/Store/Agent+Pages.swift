import Foundation

extension AgentStore {
    /// How many devices each agent within reach serves, by agent id (agents without devices are absent).
    public func deviceCounts(scope: TenantScope) async throws(StoreError) -> [Int64: Int] {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            var counts: [Int64: Int] = [:]
            for row in try tx.query("""
                SELECT agent_id, count(*) AS devices FROM devices
                WHERE organization_id = ANY(\(scope.organizationIDs)) GROUP BY agent_id
                """) {
                counts[try row.int64("agent_id")] = try row.int("devices")
            }
            return counts
        }
    }
}

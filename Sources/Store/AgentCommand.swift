import FleetCore
import Foundation

/// Work queued for an agent: a discovery of one range, or status polls of listed devices. The payload
/// is the JSON the gateway sends as is (FleetCore's command messages).
public struct AgentCommand: Sendable, Equatable {
    public let id: Int64
    public let organizationID: Int64
    public let agentID: Int64
    public let kind: String
    public let payload: String
    public let createdAt: Date
    public let sentAt: Date?
    public let completedAt: Date?
    public let result: String?
    /// What the agent last reported of it while it ran (discoveries), and when.
    public let progress: CommandProgress?
    public let progressAt: Date?

    /// The one place a row becomes an `AgentCommand`.
    init(row: Row) throws(StoreError) {
        id = try row.int64("id")
        organizationID = try row.int64("organization_id")
        agentID = try row.int64("agent_id")
        kind = try row.string("kind")
        payload = try row.string("payload")
        createdAt = try row.date("created_at")
        sentAt = try row.optionalDate("sent_at")
        completedAt = try row.optionalDate("completed_at")
        result = try row.optionalString("result")
        progressAt = try row.optionalDate("progress_at")
        if let text = try row.optionalString("progress"), let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Int] {
            progress = CommandProgress(commandID: id, scanned: object["scanned"] ?? 0, total: object["total"] ?? 0,
                                       found: object["found"] ?? 0, read: object["read"] ?? 0)
        } else {
            progress = nil
        }
    }

    static let columns: SQL = """
        id, organization_id, agent_id, kind, payload::text AS payload, created_at, sent_at, completed_at, result,
        progress::text AS progress, progress_at
        """
}

/// The command queue. Inserting a command announces it with `NOTIFY agent_commands, '<agent id>'` in
/// the same transaction, so whichever server process holds that agent's connection sends it at once.
public struct CommandStore: Sendable {
    let database: Database
    public init(database: Database) { self.database = database }

    /// The channel every server process listens on for new commands.
    public static let channel = "agent_commands"

    /// Queues a discovery of the range (within reach; managers and admins); nil when out of reach. While
    /// one is queued or running, that one is returned instead of a second.
    /// `payload` is made by the caller from the range (see `DiscoveryCommand` in FleetCore).
    public func enqueueDiscovery(rangeID: Int64, scope: TenantScope,
                                 payload: @escaping @Sendable (StoredAddressRange) -> String) async throws(StoreError) -> AgentCommand? {
        guard scope.role.canManage else { throw .insufficientPrivilege }
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> AgentCommand? in
            guard let range = try AddressRangeStore.find(rangeID, scope: scope, in: tx) else { return nil }
            // A discovery of this range that has not finished yet is the answer: asking again (a double
            // click, an impatient user) must not queue the same scan twice.
            if let unfinished = try tx.queryOne("""
                SELECT \(AgentCommand.columns) FROM agent_commands
                WHERE address_range_id = \(range.id) AND kind = 'discovery' AND completed_at IS NULL ORDER BY id DESC LIMIT 1
                """) {
                return try AgentCommand(row: unfinished)
            }
            return try Self.insert(organizationID: range.organizationID, agentID: range.agentID, kind: "discovery",
                                   payload: payload(range), rangeID: range.id, in: tx)
        }
    }

    /// Queues a command in system mode (the scheduler and the ingest, which act for no user).
    public func enqueue(organizationID: Int64, agentID: Int64, kind: String, payload: String) async throws(StoreError) -> AgentCommand {
        try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) in
            try Self.insert(organizationID: organizationID, agentID: agentID, kind: kind, payload: payload, in: tx)
        }
    }

    static func insert(organizationID: Int64, agentID: Int64, kind: String, payload: String, rangeID: Int64? = nil,
                       in tx: Transaction) throws(StoreError) -> AgentCommand {
        guard let row = try tx.queryOne("""
            INSERT INTO agent_commands (organization_id, agent_id, kind, payload, address_range_id)
            VALUES (\(organizationID), \(agentID), \(kind), \(payload)::jsonb, \(rangeID))
            RETURNING \(AgentCommand.columns)
            """) else { throw .unavailable("insert returned nothing") }
        try tx.execute("SELECT pg_notify(\(channel), \(String(agentID)))")
        return try AgentCommand(row: row)
    }

    /// The agent's unfinished commands in order (sent ones included: a reconnecting agent gets again
    /// what it may not have finished; it answers each command id once).
    public func pending(for identity: AgentIdentity, after id: Int64 = 0, limit: Int = 100) async throws(StoreError) -> [AgentCommand] {
        try await database.transaction(settings: TenantScope.settings(organizationID: identity.organizationID)) { (tx) throws(StoreError) in
            try tx.query("""
                SELECT \(AgentCommand.columns) FROM agent_commands
                WHERE agent_id = \(identity.agentID) AND organization_id = \(identity.organizationID)
                  AND completed_at IS NULL AND id > \(id)
                ORDER BY id LIMIT \(limit)
                """).map { (row) throws(StoreError) in try AgentCommand(row: row) }
        }
    }

    public func markSent(_ ids: [Int64], for identity: AgentIdentity) async throws(StoreError) {
        guard !ids.isEmpty else { return }
        try await database.transaction(settings: TenantScope.settings(organizationID: identity.organizationID)) { (tx) throws(StoreError) in
            _ = try tx.execute("""
                UPDATE agent_commands SET sent_at = coalesce(sent_at, now())
                WHERE id = ANY(\(ids)) AND agent_id = \(identity.agentID)
                """)
        }
    }

    /// One command, for `GET` and tests; within reach only.
    public func find(_ id: Int64, scope: TenantScope) async throws(StoreError) -> AgentCommand? {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.queryOne("SELECT \(AgentCommand.columns) FROM agent_commands WHERE id = \(id) AND organization_id = ANY(\(scope.organizationIDs))")
                .map { (row) throws(StoreError) in try AgentCommand(row: row) }
        }
    }

    /// Marks the agent's command finished (idempotent; another agent's command id changes nothing).
    static func complete(_ id: Int64, result: String, identity: AgentIdentity, in tx: Transaction) throws(StoreError) {
        _ = try tx.execute("""
            UPDATE agent_commands SET completed_at = coalesce(completed_at, now()), result = coalesce(result, \(String(result.prefix(500))))
            WHERE id = \(id) AND agent_id = \(identity.agentID)
            """)
    }

    /// Records what the agent says of its running commands (only its own, only unfinished ones, and
    /// only rows nobody else holds locked).
    public func recordProgress(_ progress: [CommandProgress], for identity: AgentIdentity) async throws(StoreError) {
        guard !progress.isEmpty else { return }
        try await database.transaction(settings: TenantScope.settings(organizationID: identity.organizationID)) { (tx) throws(StoreError) in
            for item in progress {
                let json = "{\"scanned\":\(item.scanned),\"total\":\(item.total),\"found\":\(item.found),\"read\":\(item.read)}"
                // Best effort: a row locked by the upload completing it is skipped, never waited for (the
                // command poll carrying this must not stall behind an ingest).
                try tx.execute("""
                    UPDATE agent_commands SET progress = \(json)::jsonb, progress_at = now()
                    WHERE id IN (SELECT id FROM agent_commands
                                 WHERE id = \(item.commandID) AND agent_id = \(identity.agentID) AND completed_at IS NULL
                                 FOR UPDATE SKIP LOCKED)
                    """)
            }
        }
    }
}

import Foundation

/// Agents and their certificates. Admins make and revoke agents within their scope; enrolment and
/// the gateway's certificate checks run in system mode, where the token or certificate is the credential.
public struct AgentStore: Sendable {
    let database: Database
    /// How long an enrolment token stays usable (issue 5: 24 h).
    public let enrollmentLifetime: TimeInterval

    public init(database: Database, enrollmentLifetime: TimeInterval = 24 * 3600) {
        self.database = database
        self.enrollmentLifetime = enrollmentLifetime
    }

    /// Makes an agent in `organizationID` waiting for enrolment with `token` (made by the caller and
    /// shown once; only its digest is stored). Admins only.
    public func create(name: String, organizationID: Int64, token: String, scope: TenantScope) async throws(StoreError) -> SaveResult<Agent> {
        guard scope.role.canAdminister else { throw .insufficientPrivilege }
        var errors: [FieldError] = []
        Validate.text(name, field: "name", required: true, maximum: 100, into: &errors)
        if !scope.contains(organizationID) { errors.append(FieldError("organization_id", "organization_id.invalid")) }
        guard errors.isEmpty else { return .invalid(errors) }
        let expires = Date().addingTimeInterval(enrollmentLifetime)
        let created = try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> Agent in
            guard let row = try tx.queryOne("""
                INSERT INTO agents (organization_id, name, enrollment_token_hash, enrollment_expires_at)
                VALUES (\(organizationID), \(name), \(SessionStore.digestSQL(token)), \(expires))
                RETURNING id
                """), let agent = try Self.find(try row.int64("id"), in: tx) else { throw .unavailable("insert returned nothing") }
            return agent
        }
        return .saved(created)
    }

    public func list(scope: TenantScope) async throws(StoreError) -> [Agent] {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.query("SELECT \(Agent.columns) FROM agents a WHERE a.organization_id = ANY(\(scope.organizationIDs)) ORDER BY a.name, a.id")
                .map { (row) throws(StoreError) in try Agent(row: row) }
        }
    }

    public func find(_ id: Int64, scope: TenantScope) async throws(StoreError) -> Agent? {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.queryOne("SELECT \(Agent.columns) FROM agents a WHERE a.id = \(id) AND a.organization_id = ANY(\(scope.organizationIDs))")
                .map { (row) throws(StoreError) in try Agent(row: row) }
        }
    }

    static func find(_ id: Int64, in tx: Transaction) throws(StoreError) -> Agent? {
        try tx.queryOne("SELECT \(Agent.columns) FROM agents a WHERE a.id = \(id)").map { (row) throws(StoreError) in try Agent(row: row) }
    }

    /// Revokes the agent and every certificate it holds, and announces it (NOTIFY agent_revoked) so
    /// every server process closes that agent's live connections. Admins only; nil when out of reach.
    public func revoke(_ id: Int64, scope: TenantScope) async throws(StoreError) -> Agent? {
        guard scope.role.canAdminister else { throw .insufficientPrivilege }
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> Agent? in
            guard try tx.queryOne("""
                SELECT id FROM agents WHERE id = \(id) AND organization_id = ANY(\(scope.organizationIDs)) FOR UPDATE
                """) != nil else { return nil }
            try tx.execute("UPDATE agents SET revoked_at = coalesce(revoked_at, now()), enrollment_token_hash = NULL WHERE id = \(id)")
            try tx.execute("UPDATE agent_certificates SET revoked_at = now() WHERE agent_id = \(id) AND revoked_at IS NULL")
            try tx.execute("SELECT pg_notify('agent_revoked', \(String(id)))")
            return try Self.find(id, in: tx)
        }
    }

    /// Enrols the agent whose unexpired, unused token is `token`: `sign` gets the agent's id and
    /// organization and returns the certificate it signed, which is recorded in the same transaction
    /// (a failing signer leaves the token usable). Nil when the token is unknown, used, expired or revoked.
    public func enroll(token: String, version: String?,
                       sign: @escaping @Sendable (_ agentID: Int64, _ organizationID: Int64) throws -> IssuedCertificate) async throws -> (Agent, IssuedCertificate)? {
        guard !token.isEmpty, token.utf8.count <= 128 else { return nil }
        return try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) -> (Agent, IssuedCertificate)? in
            guard let row = try tx.queryOne("""
                SELECT id, organization_id FROM agents
                WHERE enrollment_token_hash = \(SessionStore.digestSQL(token)) AND enrollment_expires_at > now()
                  AND enrolled_at IS NULL AND revoked_at IS NULL
                FOR UPDATE
                """) else { return nil }
            let agentID = try row.int64("id"), organizationID = try row.int64("organization_id")
            let issued: IssuedCertificate
            do { issued = try sign(agentID, organizationID) } catch { throw .invalidInput("\(error)") }
            try tx.execute("""
                UPDATE agents SET enrolled_at = now(), enrollment_token_hash = NULL, last_seen_at = now(),
                                  agent_version = \(version.map { String($0.prefix(100)) })
                WHERE id = \(agentID)
                """)
            try Self.record(issued, agentID: agentID, organizationID: organizationID, in: tx)
            guard let agent = try Self.find(agentID, in: tx) else { return nil }
            return (agent, issued)
        }
    }

    /// A renewed certificate for an agent already holding a valid one (over its mTLS connection).
    public func renew(_ identity: AgentIdentity,
                      sign: @escaping @Sendable (_ agentID: Int64, _ organizationID: Int64) throws -> IssuedCertificate) async throws -> IssuedCertificate? {
        try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) -> IssuedCertificate? in
            guard try Self.validate(serial: identity.serial, in: tx) == identity else { return nil }
            let issued: IssuedCertificate
            do { issued = try sign(identity.agentID, identity.organizationID) } catch { throw .invalidInput("\(error)") }
            try Self.record(issued, agentID: identity.agentID, organizationID: identity.organizationID, in: tx)
            return issued
        }
    }

    private static func record(_ issued: IssuedCertificate, agentID: Int64, organizationID: Int64, in tx: Transaction) throws(StoreError) {
        try tx.execute("""
            INSERT INTO agent_certificates (serial, agent_id, organization_id, not_after)
            VALUES (\(issued.serial), \(agentID), \(organizationID), \(issued.notAfter))
            """)
    }

    /// The agent a client certificate serial stands for, when that certificate is known, unexpired and
    /// unrevoked and its agent is not revoked; nil otherwise. Checked on every gateway connection.
    public func validate(serial: String) async throws(StoreError) -> AgentIdentity? {
        try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) in
            try Self.validate(serial: serial, in: tx)
        }
    }

    static func validate(serial: String, in tx: Transaction) throws(StoreError) -> AgentIdentity? {
        guard let row = try tx.queryOne("""
            SELECT c.agent_id, c.organization_id, c.not_after FROM agent_certificates c JOIN agents a ON a.id = c.agent_id
            WHERE c.serial = \(serial) AND c.revoked_at IS NULL AND c.not_after > now() AND a.revoked_at IS NULL
            """) else { return nil }
        return AgentIdentity(agentID: try row.int64("agent_id"), organizationID: try row.int64("organization_id"),
                             serial: serial, notAfter: try row.date("not_after"))
    }

    /// Notes that the agent was heard from (at most once a minute per agent hits the row).
    public func touch(_ identity: AgentIdentity, version: String? = nil) async throws(StoreError) {
        try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) in
            if let version {
                _ = try tx.execute("UPDATE agents SET last_seen_at = now(), agent_version = \(String(version.prefix(100))) WHERE id = \(identity.agentID)")
            } else {
                _ = try tx.execute("""
                    UPDATE agents SET last_seen_at = now()
                    WHERE id = \(identity.agentID) AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')
                    """)
            }
        }
    }
}

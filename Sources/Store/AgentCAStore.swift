/// The agent CA's certificate and encrypted key, one row for the installation. The first server
/// process to start stores the pair it made; every other one (and every later start) reads that one,
/// so all processes sign with and trust the same CA.
public struct AgentCAStore: Sendable {
    let database: Database
    public init(database: Database) { self.database = database }

    /// The stored pair, or the one `make` returns stored first (when two processes race, the first
    /// insert wins and both return it).
    public func loadOrCreate(_ make: @escaping @Sendable () throws -> (certificate: String, encryptedKey: String)) async throws -> (certificate: String, encryptedKey: String) {
        let existing = try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) in
            try tx.queryOne("SELECT certificate, encrypted_key FROM agent_ca WHERE id = 1")
                .map { (row) throws(StoreError) in (try row.string("certificate"), try row.string("encrypted_key")) }
        }
        if let existing { return (existing.0, existing.1) }
        let made = try make()
        return try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) in
            _ = try tx.execute("""
                INSERT INTO agent_ca (id, certificate, encrypted_key) VALUES (1, \(made.certificate), \(made.encryptedKey))
                ON CONFLICT (id) DO NOTHING
                """)
            guard let row = try tx.queryOne("SELECT certificate, encrypted_key FROM agent_ca WHERE id = 1") else {
                throw .unavailable("agent CA not stored")
            }
            return (try row.string("certificate"), try row.string("encrypted_key"))
        }
    }

    /// Serials of certificates revoked (or of revoked agents) that have not expired yet: what the
    /// gateway's TLS handshake refuses without asking the database.
    public func revokedSerials() async throws(StoreError) -> Set<String> {
        try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) in
            Set(try tx.query("""
                SELECT c.serial FROM agent_certificates c JOIN agents a ON a.id = c.agent_id
                WHERE c.not_after > now() AND (c.revoked_at IS NOT NULL OR a.revoked_at IS NOT NULL)
                """).map { (row) throws(StoreError) in try row.string("serial") })
        }
    }
}

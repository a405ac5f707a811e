import Foundation

/// A signed-in browser: who, with what reach, and the anti-forgery token its forms must carry.
public struct Session: Sendable {
    public let user: User
    public let scope: TenantScope
    public let csrfToken: String
    public let expiresAt: Date
    /// The user's own organization: its time zone, look and thresholds for the pages.
    public let organization: Organization
}

/// Sessions in PostgreSQL. The cookie carries a random token made by the caller (Secrets); only its
/// SHA-256 is stored, so a copy of the database opens no session. A session ends at the first of: sign-out,
/// `idleTimeout` without a request, `absoluteTimeout` after sign-in, the user's deactivation or a password change.
public struct SessionStore: Sendable {
    let database: Database
    public let idleTimeout: TimeInterval
    public let absoluteTimeout: TimeInterval

    public init(database: Database, idleTimeout: TimeInterval = 12 * 3600, absoluteTimeout: TimeInterval = 7 * 86400) {
        self.database = database
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
    }

    /// The SQL for the stored digest of a token (hex SHA-256, computed by PostgreSQL).
    static func digestSQL(_ token: String) -> SQL { "encode(sha256(convert_to(\(token), 'UTF8')), 'hex')" }

    /// Starts a session for a user who just proved their password; a fresh token every sign-in.
    public func create(token: String, csrfToken: String, user: User, scope: TenantScope) async throws(StoreError) {
        let expires = Date().addingTimeInterval(absoluteTimeout)
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            _ = try tx.execute("""
                INSERT INTO sessions (token_hash, user_id, organization_id, csrf_token, expires_at)
                VALUES (\(SessionStore.digestSQL(token)), \(user.id), \(user.organizationID), \(csrfToken), \(expires))
                """)
        }
    }

    /// The live session for a cookie's token, or nil. System mode: the token is the only credential
    /// there is at this point. Refreshes `last_seen_at` at most once a minute.
    public func find(token: String) async throws(StoreError) -> Session? {
        guard !token.isEmpty, token.utf8.count <= 128 else { return nil }
        let idle = Date().addingTimeInterval(-idleTimeout)
        return try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) -> Session? in
            guard let row = try tx.queryOne("""
                SELECT s.csrf_token, s.expires_at, s.last_seen_at, \(raw: "u.id, u.organization_id, u.email, u.display_name, u.role, u.language, u.is_active, u.created_at")
                FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = \(SessionStore.digestSQL(token)) AND s.expires_at > now() AND s.last_seen_at > \(idle)
                  AND u.is_active
                """) else { return nil }
            let user = try User(row: row)
            if try row.date("last_seen_at") < Date().addingTimeInterval(-60) {
                try tx.execute("UPDATE sessions SET last_seen_at = now() WHERE token_hash = \(SessionStore.digestSQL(token))")
            }
            let scope = try UserStore.scope(of: user, in: tx)
            guard !scope.organizationIDs.isEmpty else { return nil }  // the user's organization was deactivated
            guard let home = try tx.queryOne("SELECT \(Organization.columns) FROM organizations WHERE id = \(user.organizationID)")
            else { return nil }
            return Session(user: user, scope: scope, csrfToken: try row.string("csrf_token"), expiresAt: try row.date("expires_at"),
                           organization: try Organization(row: home))
        }
    }

    /// Server-side sign-out: the token stops working at once, wherever it was copied to.
    public func delete(token: String) async throws(StoreError) {
        try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) in
            _ = try tx.execute("DELETE FROM sessions WHERE token_hash = \(SessionStore.digestSQL(token))")
        }
    }

    /// Removes expired sessions (called now and then; expired ones are never accepted either way).
    public func purgeExpired() async throws(StoreError) -> Int {
        let idle = Date().addingTimeInterval(-idleTimeout)
        return try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) in
            try tx.execute("DELETE FROM sessions WHERE expires_at <= now() OR last_seen_at <= \(idle)")
        }
    }
}

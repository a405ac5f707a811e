import Foundation

/// A bearer token for the REST API, acting as the user who made it. Only its SHA-256 is stored.
public struct APIToken: Sendable, Equatable {
    public let id: Int64
    public let userID: Int64
    public let organizationID: Int64
    public let name: String
    public let createdAt: Date
    public let lastUsedAt: Date?
    public let revokedAt: Date?

    /// The one place a row becomes an `APIToken`.
    init(row: Row) throws(StoreError) {
        id = try row.int64("id")
        userID = try row.int64("user_id")
        organizationID = try row.int64("organization_id")
        name = try row.string("name")
        createdAt = try row.date("created_at")
        lastUsedAt = try row.optionalDate("last_used_at")
        revokedAt = try row.optionalDate("revoked_at")
    }

    static let columns: SQL = "id, user_id, organization_id, name, created_at, last_used_at, revoked_at"
}

/// API tokens. The plaintext is made by the caller (Secrets) and shown once; this keeps the digest.
public struct APITokenStore: Sendable {
    let database: Database
    public init(database: Database) { self.database = database }

    /// A token for the caller themselves (any role: the token can do no more than its user).
    public func create(name: String, token: String, scope: TenantScope) async throws(StoreError) -> SaveResult<APIToken> {
        var errors: [FieldError] = []
        Validate.text(name, field: "name", required: true, maximum: 100, into: &errors)
        guard errors.isEmpty else { return .invalid(errors) }
        let created = try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> APIToken in
            guard let row = try tx.queryOne("""
                INSERT INTO api_tokens (user_id, organization_id, name, token_hash)
                VALUES (\(scope.userID), \(scope.homeOrganizationID), \(name), \(SessionStore.digestSQL(token)))
                RETURNING \(APIToken.columns)
                """) else { throw .unavailable("insert returned nothing") }
            return try APIToken(row: row)
        }
        return .saved(created)
    }

    /// For `printercare tokens create --user EMAIL` on the server's own command line (system mode:
    /// whoever runs it already holds the database). Nil when no active user has that e-mail.
    public func create(name: String, token: String, forEmail email: String) async throws(StoreError) -> APIToken? {
        guard let found = try await UserStore(database: database).credentials(email: email) else { return nil }
        guard case .saved(let created) = try await create(name: name, token: token, scope: found.scope) else {
            throw .invalidInput("token name")
        }
        return created
    }

    public func list(scope: TenantScope) async throws(StoreError) -> [APIToken] {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            // Admins see every token within reach; others only their own.
            try tx.query("""
                SELECT \(APIToken.columns) FROM api_tokens
                WHERE organization_id = ANY(\(scope.organizationIDs)) AND (\(scope.role.canAdminister) OR user_id = \(scope.userID))
                ORDER BY created_at DESC, id DESC
                """).map { (row) throws(StoreError) in try APIToken(row: row) }
        }
    }

    public func revoke(_ id: Int64, scope: TenantScope) async throws(StoreError) -> Bool {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.execute("""
                UPDATE api_tokens SET revoked_at = now()
                WHERE id = \(id) AND revoked_at IS NULL AND organization_id = ANY(\(scope.organizationIDs))
                  AND (\(scope.role.canAdminister) OR user_id = \(scope.userID))
                """) == 1
        }
    }

    /// The user and scope a bearer token acts for, or nil (unknown, revoked, user inactive). System mode:
    /// the token is the credential.
    public func authenticate(token: String) async throws(StoreError) -> (user: User, scope: TenantScope)? {
        guard !token.isEmpty, token.utf8.count <= 128 else { return nil }
        return try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) in
            guard let row = try tx.queryOne("""
                SELECT t.id AS token_id, t.last_used_at, \(raw: "u.id, u.organization_id, u.email, u.display_name, u.role, u.language, u.is_active, u.created_at")
                FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = \(SessionStore.digestSQL(token)) AND t.revoked_at IS NULL AND u.is_active
                """) else { return nil }
            let user = try User(row: row)
            let lastUsed = try row.optionalDate("last_used_at")
            if lastUsed.map({ $0 < Date().addingTimeInterval(-60) }) ?? true {
                try tx.execute("UPDATE api_tokens SET last_used_at = now() WHERE id = \(try row.int64("token_id"))")
            }
            let scope = try UserStore.scope(of: user, in: tx)
            return scope.organizationIDs.isEmpty ? nil : (user, scope)
        }
    }
}

/// Users, always within a caller's scope; changes are for admins only.
public struct UserStore: Sendable {
    let database: Database
    public init(database: Database) { self.database = database }

    public func list(scope: TenantScope, organizationID: Int64? = nil) async throws(StoreError) -> [User] {
        let ids = organizationID.map { scope.contains($0) ? [$0] : [] } ?? scope.organizationIDs
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.query("SELECT \(User.columns) FROM users WHERE organization_id = ANY(\(ids)) ORDER BY email")
                .map { (row) throws(StoreError) in try User(row: row) }
        }
    }

    public func find(_ id: Int64, scope: TenantScope) async throws(StoreError) -> User? {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.queryOne("SELECT \(User.columns) FROM users WHERE id = \(id) AND organization_id = ANY(\(scope.organizationIDs))")
                .map { (row) throws(StoreError) in try User(row: row) }
        }
    }

    /// Creates a user in an organization within reach. A taken e-mail is a field error, not a failure.
    public func create(_ draft: UserDraft, passwordHash: String, scope: TenantScope) async throws(StoreError) -> SaveResult<User> {
        guard scope.role.canAdminister, scope.contains(draft.organizationID) else { throw .insufficientPrivilege }
        let errors = draft.validate()
        guard errors.isEmpty, let role = draft.role else { return .invalid(errors) }
        do {
            let user = try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> User in
                guard let row = try tx.queryOne("""
                    INSERT INTO users (organization_id, email, display_name, password_hash, role, language)
                    VALUES (\(draft.organizationID), \(draft.email), \(draft.displayName), \(passwordHash), \(role.rawValue), \(draft.language))
                    RETURNING \(User.columns)
                    """) else { throw .unavailable("insert returned nothing") }
                return try User(row: row)
            }
            return .saved(user)
        } catch .uniqueViolation {
            return .invalid([FieldError("email", "email.taken")])
        }
    }

    /// Changes name, role, language and whether the user may sign in. Deactivating also ends their
    /// sessions and revokes their API tokens, in the same transaction.
    public func update(_ id: Int64, displayName: String, role: Role, language: String?, isActive: Bool,
                       scope: TenantScope) async throws(StoreError) -> SaveResult<User>? {
        guard scope.role.canAdminister else { throw .insufficientPrivilege }
        var errors: [FieldError] = []
        Validate.text(displayName, field: "display_name", required: false, maximum: 100, into: &errors)
        Validate.language(language, into: &errors)
        // An admin cannot lock themselves out by demoting or deactivating their own account.
        if id == scope.userID && (role != .admin || !isActive) { errors.append(FieldError("role", "role.self_demotion")) }
        guard errors.isEmpty else { return .invalid(errors) }
        let user = try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> User? in
            guard let row = try tx.queryOne("""
                UPDATE users SET display_name = \(displayName), role = \(role.rawValue), language = \(language), is_active = \(isActive)
                WHERE id = \(id) AND organization_id = ANY(\(scope.organizationIDs)) RETURNING \(User.columns)
                """) else { return nil }
            if !isActive {
                try tx.execute("DELETE FROM sessions WHERE user_id = \(id)")
                try tx.execute("UPDATE api_tokens SET revoked_at = now() WHERE user_id = \(id) AND revoked_at IS NULL")
            }
            return try User(row: row)
        }
        return user.map { .saved($0) }
    }

    /// Sets a new password hash (an admin's reset, or the user's own change after checking the old one).
    /// Every session of that user except `keepSession` ends.
    public func setPasswordHash(_ id: Int64, _ hash: String, keepSession: String? = nil, scope: TenantScope) async throws(StoreError) -> Bool {
        guard scope.role.canAdminister || id == scope.userID else { throw .insufficientPrivilege }
        let keep = keepSession ?? ""
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> Bool in
            let changed = try tx.execute("""
                UPDATE users SET password_hash = \(hash), password_changed_at = now()
                WHERE id = \(id) AND organization_id = ANY(\(scope.organizationIDs))
                """)
            if changed == 1 {
                try tx.execute("DELETE FROM sessions WHERE user_id = \(id) AND token_hash <> \(SessionStore.digestSQL(keep))")
            }
            return changed == 1
        }
    }

    /// The stored hash of the caller's own password, to check it before a change.
    public func passwordHash(of id: Int64, scope: TenantScope) async throws(StoreError) -> String? {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.queryOne("SELECT password_hash FROM users WHERE id = \(id) AND organization_id = ANY(\(scope.organizationIDs))")
                .map { (row) throws(StoreError) in try row.string("password_hash") }
        }
    }

    /// Sets the caller's own interface language.
    public func setLanguage(_ language: String?, scope: TenantScope) async throws(StoreError) -> SaveResult<Void> {
        var errors: [FieldError] = []
        Validate.language(language, into: &errors)
        guard errors.isEmpty else { return .invalid(errors) }
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            _ = try tx.execute("UPDATE users SET language = \(language) WHERE id = \(scope.userID)")
        }
        return .saved(())
    }

    /// Sign-in lookup by e-mail. System mode: nobody's scope is known before the password is checked.
    /// Returns the active user, their password hash and their scope.
    public func credentials(email: String) async throws(StoreError) -> (user: User, passwordHash: String, scope: TenantScope)? {
        let email = Validate.normalizedEmail(email)
        return try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) in
            guard let row = try tx.queryOne("""
                SELECT \(User.columns), password_hash FROM users u
                WHERE email = \(email) AND is_active
                  AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = u.organization_id AND o.is_active)
                """) else { return nil }
            let user = try User(row: row)
            return (user, try row.string("password_hash"), try UserStore.scope(of: user, in: tx))
        }
    }

    /// The scope of a user: their organization and everything below it.
    static func scope(of user: User, in tx: Transaction) throws(StoreError) -> TenantScope {
        TenantScope(userID: user.id, role: user.role, homeOrganizationID: user.organizationID,
                    organizationIDs: try OrganizationStore.subtree(of: user.organizationID, in: tx))
    }
}

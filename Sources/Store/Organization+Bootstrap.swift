/// The first start on an empty database: one organization and its first admin.
public enum Bootstrap {
    /// Creates the organization and admin when no organization exists yet; returns whether it did.
    /// Two servers starting at once on one database create them once (the table lock serializes them).
    public static func run(database: Database, organizationName: String, email: String, passwordHash: String) async throws(StoreError) -> Bool {
        let email = Validate.normalizedEmail(email)
        var errors: [FieldError] = []
        Validate.email(email, into: &errors)
        Validate.text(organizationName, field: "name", required: true, maximum: 200, into: &errors)
        guard errors.isEmpty else { throw .invalidInput(errors.map(\.code).joined(separator: ", ")) }
        return try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) -> Bool in
            try tx.execute("LOCK TABLE organizations IN EXCLUSIVE MODE")
            guard try tx.queryOne("SELECT 1 AS one FROM organizations LIMIT 1") == nil else { return false }
            guard let org = try tx.queryOne("INSERT INTO organizations (name) VALUES (\(organizationName)) RETURNING id") else {
                throw .unavailable("insert returned nothing")
            }
            try tx.execute("""
                INSERT INTO users (organization_id, email, display_name, password_hash, role)
                VALUES (\(try org.int64("id")), \(email), 'Administrator', \(passwordHash), 'admin')
                """)
            return true
        }
    }
}

import Foundation

/// A customer, or a dealer with customers below it.
public struct Organization: Sendable, Equatable {
    public let id: Int64
    public let parentID: Int64?
    public var name: String
    public var timeZone: String
    public var language: String
    public var isActive: Bool
    public let createdAt: Date
    /// The layout's accent colour, `#rrggbb`.
    public var accentColor: String
    /// Whether a logo was uploaded (served at `/organizations/:id/logo`).
    public let hasLogo: Bool
    /// A consumable at or below this percentage counts as running low.
    public var lowSupplyPercent: Int
    /// An agent not heard from for this many minutes counts as not seen lately.
    public var agentSilenceMinutes: Int

    /// The one place a row becomes an `Organization`.
    init(row: Row) throws(StoreError) {
        id = try row.int64("id")
        parentID = try row.optionalInt64("parent_id")
        name = try row.string("name")
        timeZone = try row.string("time_zone")
        language = try row.string("language")
        isActive = try row.bool("is_active")
        createdAt = try row.date("created_at")
        accentColor = try row.string("accent_color")
        hasLogo = try row.bool("has_logo")
        lowSupplyPercent = try row.int("low_supply_percent")
        agentSilenceMinutes = try row.int("agent_silence_minutes")
    }

    static let columns: SQL = """
        id, parent_id, name, time_zone, language, is_active, created_at, accent_color, logo IS NOT NULL AS has_logo,
        low_supply_percent, agent_silence_minutes
        """
}

/// What a form or API call supplies for an organization.
public struct OrganizationDraft: Sendable {
    public var name: String
    public var timeZone: String
    public var language: String
    public init(name: String, timeZone: String = "UTC", language: String = "en") {
        self.name = name
        self.timeZone = timeZone
        self.language = language
    }

    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        Validate.text(name, field: "name", required: true, maximum: 200, into: &errors)
        Validate.timeZone(timeZone, into: &errors)
        Validate.language(language, into: &errors)
        return errors
    }
}

/// Organizations, always within a caller's scope.
public struct OrganizationStore: Sendable {
    let database: Database
    public init(database: Database) { self.database = database }

    public func list(scope: TenantScope) async throws(StoreError) -> [Organization] {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.query("SELECT \(Organization.columns) FROM organizations WHERE id = ANY(\(scope.organizationIDs)) ORDER BY name, id")
                .map { (row) throws(StoreError) in try Organization(row: row) }
        }
    }

    public func find(_ id: Int64, scope: TenantScope) async throws(StoreError) -> Organization? {
        guard scope.contains(id) else { return nil }
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.queryOne("SELECT \(Organization.columns) FROM organizations WHERE id = \(id) AND id = ANY(\(scope.organizationIDs))")
                .map { (row) throws(StoreError) in try Organization(row: row) }
        }
    }

    /// Creates a customer organization below `parentID` (which must be within reach); admins only.
    /// The new organization joins the caller's reach at once, since it lies below their own.
    public func create(_ draft: OrganizationDraft, parentID: Int64, scope: TenantScope) async throws(StoreError) -> SaveResult<Organization> {
        guard scope.role.canAdminister, scope.contains(parentID) else { throw .insufficientPrivilege }
        let errors = draft.validate()
        guard errors.isEmpty else { return .invalid(errors) }
        // The new id is not in the scope setting yet; the insert is checked against the parent instead,
        // inside system mode limited to this one statement's transaction.
        let created = try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) -> Organization in
            guard try tx.queryOne("SELECT 1 AS ok FROM organizations WHERE id = \(parentID) AND is_active") != nil else {
                throw .insufficientPrivilege
            }
            guard let row = try tx.queryOne("""
                INSERT INTO organizations (parent_id, name, time_zone, language)
                VALUES (\(parentID), \(draft.name), \(draft.timeZone), \(draft.language))
                RETURNING \(Organization.columns)
                """) else { throw .unavailable("insert returned nothing") }
            return try Organization(row: row)
        }
        return .saved(created)
    }

    public func update(_ id: Int64, _ draft: OrganizationDraft, scope: TenantScope) async throws(StoreError) -> SaveResult<Organization>? {
        guard scope.role.canAdminister else { throw .insufficientPrivilege }
        guard scope.contains(id) else { return nil }
        let errors = draft.validate()
        guard errors.isEmpty else { return .invalid(errors) }
        let updated = try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.queryOne("""
                UPDATE organizations SET name = \(draft.name), time_zone = \(draft.timeZone), language = \(draft.language)
                WHERE id = \(id) AND id = ANY(\(scope.organizationIDs)) RETURNING \(Organization.columns)
                """).map { (row) throws(StoreError) in try Organization(row: row) }
        }
        return updated.map { .saved($0) }
    }

    /// The organization and all below it: the reach of its users.
    static func subtree(of id: Int64, in tx: Transaction) throws(StoreError) -> [Int64] {
        try tx.query("""
            WITH RECURSIVE tree(id) AS (
                SELECT id FROM organizations WHERE id = \(id) AND is_active
                UNION
                SELECT o.id FROM organizations o JOIN tree t ON o.parent_id = t.id WHERE o.is_active
            ) SELECT id FROM tree ORDER BY id
            """).map { (row) throws(StoreError) in try row.int64("id") }
    }
}

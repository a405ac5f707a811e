import Foundation

/// What the settings page supplies for an organization: its name, time zone, language, look and
/// thresholds.
public struct OrganizationSettings: Sendable {
    public var name: String
    public var timeZone: String
    public var language: String
    public var accentColor: String
    /// Nil when the form's text was not a whole number.
    public var lowSupplyPercent: Int?
    public var agentSilenceMinutes: Int?

    public init(name: String, timeZone: String, language: String, accentColor: String, lowSupplyPercent: Int?,
                agentSilenceMinutes: Int?) {
        self.name = name
        self.timeZone = timeZone
        self.language = language
        self.accentColor = accentColor
        self.lowSupplyPercent = lowSupplyPercent
        self.agentSilenceMinutes = agentSilenceMinutes
    }

    /// The time zones a settings form offers and accepts: the system's IANA names, and UTC.
    public static let timeZones: [String] = {
        var zones = Set(TimeZone.knownTimeZoneIdentifiers)
        zones.insert("UTC")
        return zones.sorted()
    }()
    private static let zoneSet = Set(timeZones)

    public func validate() -> [FieldError] {
        var errors = OrganizationDraft(name: name, timeZone: timeZone, language: language).validate()
        if !errors.contains(where: { $0.field == "time_zone" }), !Self.zoneSet.contains(timeZone) {
            errors.append(FieldError("time_zone", "time_zone.invalid"))
        }
        if accentColor.utf8.count != 7 || !accentColor.hasPrefix("#")
            || !accentColor.utf8.dropFirst().allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) {
            errors.append(FieldError("accent_color", "accent_color.invalid"))
        }
        if !(1...99).contains(lowSupplyPercent ?? 0) { errors.append(FieldError("low_supply_percent", "low_supply_percent.invalid")) }
        if !(1...10_080).contains(agentSilenceMinutes ?? 0) {
            errors.append(FieldError("agent_silence_minutes", "agent_silence_minutes.invalid"))
        }
        return errors
    }
}

/// An organization's logo as served: its type, an entity tag, and the bytes (nil when the caller's
/// tag already matches).
public struct OrganizationLogo: Sendable, Equatable {
    public let contentType: String
    public let etag: String
    public let bytes: [UInt8]?

    /// The largest logo kept (the column's own limit).
    public static let maximumBytes = 256 * 1024

    /// The image type `bytes` starts like — PNG, JPEG, GIF or WebP by their magic bytes — or nil.
    /// Nothing else is ever stored (no SVG: it can carry script).
    public static func imageType(of bytes: [UInt8]) -> String? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        return nil
    }
}

extension OrganizationStore {
    /// Saves the settings of organization `id` (admins, within reach); nil when out of reach.
    public func updateSettings(_ id: Int64, _ settings: OrganizationSettings,
                               scope: TenantScope) async throws(StoreError) -> SaveResult<Organization>? {
        guard scope.role.canAdminister else { throw .insufficientPrivilege }
        guard scope.contains(id) else { return nil }
        let errors = settings.validate()
        guard errors.isEmpty else { return .invalid(errors) }
        let updated = try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.queryOne("""
                UPDATE organizations SET name = \(settings.name), time_zone = \(settings.timeZone), language = \(settings.language),
                       accent_color = \(settings.accentColor), low_supply_percent = \(settings.lowSupplyPercent),
                       agent_silence_minutes = \(settings.agentSilenceMinutes)
                WHERE id = \(id) AND id = ANY(\(scope.organizationIDs)) RETURNING \(Organization.columns)
                """).map { (row) throws(StoreError) in try Organization(row: row) }
        }
        return updated.map { .saved($0) }
    }

    /// Stores a logo (admins, within reach): refused unless the bytes are a PNG, JPEG, GIF or WebP of
    /// at most `OrganizationLogo.maximumBytes`. False when out of reach.
    public func setLogo(_ id: Int64, bytes: [UInt8], scope: TenantScope) async throws(StoreError) -> Bool {
        guard scope.role.canAdminister else { throw .insufficientPrivilege }
        guard let type = OrganizationLogo.imageType(of: bytes), bytes.count <= OrganizationLogo.maximumBytes else {
            throw .invalidInput("not a PNG, JPEG, GIF or WebP image of at most 256 KiB")
        }
        guard scope.contains(id) else { return false }
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.execute("""
                UPDATE organizations SET logo = \(bytes), logo_type = \(type) WHERE id = \(id) AND id = ANY(\(scope.organizationIDs))
                """) == 1
        }
    }

    /// Removes the logo (admins, within reach). False when out of reach.
    public func removeLogo(_ id: Int64, scope: TenantScope) async throws(StoreError) -> Bool {
        guard scope.role.canAdminister else { throw .insufficientPrivilege }
        guard scope.contains(id) else { return false }
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.execute("UPDATE organizations SET logo = NULL, logo_type = NULL WHERE id = \(id) AND id = ANY(\(scope.organizationIDs))") == 1
        }
    }

    /// The logo of organization `id` within reach, or nil when it has none or is out of reach. When
    /// `ifNoneMatch` equals its tag, the bytes are left out (the browser's copy is current).
    public func logo(_ id: Int64, ifNoneMatch: String? = nil, scope: TenantScope) async throws(StoreError) -> OrganizationLogo? {
        guard scope.contains(id) else { return nil }
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> OrganizationLogo? in
            guard let row = try tx.queryOne("""
                SELECT logo_type, '"' || md5(logo) || '"' AS etag,
                       CASE WHEN '"' || md5(logo) || '"' = \(ifNoneMatch)::text THEN NULL ELSE logo END AS logo
                FROM organizations WHERE id = \(id) AND id = ANY(\(scope.organizationIDs)) AND logo IS NOT NULL
                """) else { return nil }
            return OrganizationLogo(contentType: try row.string("logo_type"), etag: try row.string("etag"),
                                    bytes: try row.optionalBytes("logo"))
        }
    }
}

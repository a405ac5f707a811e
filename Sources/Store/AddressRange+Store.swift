import FleetCore
import Foundation

/// A range of addresses an agent scans for printers, with the SNMP settings to use there.
public struct StoredAddressRange: Sendable, Equatable {
    public let id: Int64
    public let organizationID: Int64
    public let agentID: Int64
    public var name: String
    /// The CIDR block as written, when the range was given as one.
    public var cidr: String?
    public var firstAddress: String
    public var lastAddress: String
    public var snmpCommunity: String
    public var snmpVersion: String
    public var snmpPort: Int
    /// Addresses inside the range that are never scanned.
    public var exclusions: [String]
    public let createdAt: Date
    public let updatedAt: Date

    /// The range as the agent parses it (`cidr`, else `first-last`).
    public var rangeText: String { cidr ?? "\(firstAddress)-\(lastAddress)" }

    /// The discovery command for this range (the command id is added when it is sent).
    public var discoveryMessage: AgentCommandMessage {
        .discovery(range: rangeText, snmp: SNMPSettings(community: snmpCommunity, version: snmpVersion, port: snmpPort),
                   exclude: exclusions)
    }

    /// The one place a row becomes a `StoredAddressRange`.
    init(row: Row) throws(StoreError) {
        id = try row.int64("id")
        organizationID = try row.int64("organization_id")
        agentID = try row.int64("agent_id")
        name = try row.string("name")
        cidr = try row.optionalString("cidr")
        firstAddress = try row.string("first_address")
        lastAddress = try row.string("last_address")
        snmpCommunity = try row.string("snmp_community")
        snmpVersion = try row.string("snmp_version")
        snmpPort = try row.int("snmp_port")
        exclusions = try row.stringArray("exclusions")
        createdAt = try row.date("created_at")
        updatedAt = try row.date("updated_at")
    }

    static let columns: SQL = """
        id, organization_id, agent_id, name, cidr::text AS cidr, host(first_address) AS first_address,
        host(last_address) AS last_address, snmp_community, snmp_version, snmp_port, exclusions, created_at, updated_at
        """
}

/// What a form or API call supplies for an address range: a CIDR block or a first and last address.
public struct AddressRangeDraft: Sendable {
    public var agentID: Int64?
    public var name: String
    public var cidr: String?
    public var firstAddress: String?
    public var lastAddress: String?
    public var snmpCommunity: String
    public var snmpVersion: String
    public var snmpPort: Int
    /// Addresses inside the range never to scan (each an IPv4 address within the range).
    public var exclusions: [String]

    public init(agentID: Int64?, name: String, cidr: String? = nil, firstAddress: String? = nil, lastAddress: String? = nil,
                snmpCommunity: String = "public", snmpVersion: String = "2c", snmpPort: Int = 161, exclusions: [String] = []) {
        self.exclusions = exclusions
        self.agentID = agentID
        self.name = name
        self.cidr = cidr
        self.firstAddress = firstAddress
        self.lastAddress = lastAddress
        self.snmpCommunity = snmpCommunity
        self.snmpVersion = snmpVersion
        self.snmpPort = snmpPort
    }

    /// The parsed range, or the field errors that make it unusable.
    public func validate() -> (range: AddressRange?, errors: [FieldError]) {
        var errors: [FieldError] = []
        if agentID == nil { errors.append(FieldError("agent_id", "agent_id.required")) }
        Validate.text(name, field: "name", required: true, maximum: 100, into: &errors)
        if snmpCommunity.isEmpty || snmpCommunity.utf8.count > 64
            || snmpCommunity.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            errors.append(FieldError("snmp_community", "snmp_community.invalid"))
        }
        if !["1", "2c"].contains(snmpVersion) { errors.append(FieldError("snmp_version", "snmp_version.invalid")) }
        if !(1...65535).contains(snmpPort) { errors.append(FieldError("snmp_port", "snmp_port.invalid")) }
        var range: AddressRange?
        switch (cidr, firstAddress, lastAddress) {
        case (let cidr?, nil, nil):
            guard cidr.contains("/") else { errors.append(FieldError("cidr", "cidr.invalid")); break }
            do { range = try AddressRange(cidr) } catch { errors.append(FieldError("cidr", Self.code(error, field: "cidr"))) }
        case (nil, let first?, let last?):
            if IPv4Address(first) == nil { errors.append(FieldError("first_address", "first_address.invalid")) }
            if IPv4Address(last) == nil { errors.append(FieldError("last_address", "last_address.invalid")) }
            if IPv4Address(first) != nil, IPv4Address(last) != nil {
                do { range = try AddressRange("\(first)-\(last)") } catch {
                    errors.append(FieldError("last_address", Self.code(error, field: "last_address")))
                }
            }
        case (nil, nil, nil):
            errors.append(FieldError("cidr", "cidr.required"))
        default:
            // Both forms, or half of the second: ambiguous, so refused.
            errors.append(FieldError("cidr", "cidr.exclusive"))
        }
        if exclusions.count > 256 { errors.append(FieldError("exclusions", "exclusions.too_many")) }
        for text in exclusions {
            guard let address = IPv4Address(text) else { errors.append(FieldError("exclusions", "exclusions.invalid")); break }
            if let range, !range.contains(address) { errors.append(FieldError("exclusions", "exclusions.outside")); break }
        }
        return (errors.isEmpty ? range : nil, errors)
    }

    /// The exclusions in canonical form, sorted and without repeats.
    var canonicalExclusions: [String] {
        Array(Set(exclusions.compactMap(IPv4Address.init))).sorted().map(\.description)
    }

    private static func code(_ error: any Error, field: String) -> String {
        switch error as? AddressRangeError {
        case .hostBitsSet?: "\(field).host_bits_set"
        case .reversed?: "\(field).reversed"
        case .tooLarge?: "\(field).too_large"
        default: "\(field).invalid"
        }
    }
}

/// Address ranges, within a caller's scope. Managers and admins change them; everyone in reach reads.
public struct AddressRangeStore: Sendable {
    let database: Database
    public init(database: Database) { self.database = database }

    public func list(scope: TenantScope, agentID: Int64? = nil) async throws(StoreError) -> [StoredAddressRange] {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.query("""
                SELECT \(StoredAddressRange.columns) FROM address_ranges
                WHERE organization_id = ANY(\(scope.organizationIDs)) AND (\(agentID) IS NULL OR agent_id = \(agentID ?? 0))
                ORDER BY name, id
                """).map { (row) throws(StoreError) in try StoredAddressRange(row: row) }
        }
    }

    public func find(_ id: Int64, scope: TenantScope) async throws(StoreError) -> StoredAddressRange? {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try Self.find(id, scope: scope, in: tx)
        }
    }

    static func find(_ id: Int64, scope: TenantScope, in tx: Transaction) throws(StoreError) -> StoredAddressRange? {
        try tx.queryOne("SELECT \(StoredAddressRange.columns) FROM address_ranges WHERE id = \(id) AND organization_id = ANY(\(scope.organizationIDs))")
            .map { (row) throws(StoreError) in try StoredAddressRange(row: row) }
    }

    /// Creates the range for an agent within reach (the range belongs to the agent's organization).
    public func create(_ draft: AddressRangeDraft, scope: TenantScope) async throws(StoreError) -> SaveResult<StoredAddressRange> {
        guard scope.role.canManage else { throw .insufficientPrivilege }
        let (range, errors) = draft.validate()
        guard let range, errors.isEmpty, let agentID = draft.agentID else { return .invalid(errors) }
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> SaveResult<StoredAddressRange> in
            guard let agent = try tx.queryOne("""
                SELECT organization_id FROM agents WHERE id = \(agentID) AND organization_id = ANY(\(scope.organizationIDs)) AND revoked_at IS NULL
                """) else { return .invalid([FieldError("agent_id", "agent_id.invalid")]) }
            guard let row = try tx.queryOne("""
                INSERT INTO address_ranges (organization_id, agent_id, name, cidr, first_address, last_address,
                                            snmp_community, snmp_version, snmp_port, exclusions)
                VALUES (\(try agent.int64("organization_id")), \(agentID), \(draft.name), \(draft.cidr)::cidr,
                        \(range.first.description)::inet, \(range.last.description)::inet,
                        \(draft.snmpCommunity), \(draft.snmpVersion), \(draft.snmpPort), \(draft.canonicalExclusions))
                RETURNING \(StoredAddressRange.columns)
                """) else { throw .unavailable("insert returned nothing") }
            return .saved(try StoredAddressRange(row: row))
        }
    }

    /// Replaces the range's fields (the agent may change, within the same organization).
    public func update(_ id: Int64, _ draft: AddressRangeDraft, scope: TenantScope) async throws(StoreError) -> SaveResult<StoredAddressRange>? {
        guard scope.role.canManage else { throw .insufficientPrivilege }
        let (range, errors) = draft.validate()
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> SaveResult<StoredAddressRange>? in
            guard let existing = try Self.find(id, scope: scope, in: tx) else { return nil }
            guard let range, errors.isEmpty, let agentID = draft.agentID else { return .invalid(errors) }
            guard try tx.queryOne("""
                SELECT 1 AS ok FROM agents WHERE id = \(agentID) AND organization_id = \(existing.organizationID) AND revoked_at IS NULL
                """) != nil else { return .invalid([FieldError("agent_id", "agent_id.invalid")]) }
            guard let row = try tx.queryOne("""
                UPDATE address_ranges SET agent_id = \(agentID), name = \(draft.name), cidr = \(draft.cidr)::cidr,
                    first_address = \(range.first.description)::inet, last_address = \(range.last.description)::inet,
                    snmp_community = \(draft.snmpCommunity), snmp_version = \(draft.snmpVersion), snmp_port = \(draft.snmpPort),
                    exclusions = \(draft.canonicalExclusions), updated_at = now()
                WHERE id = \(id)
                RETURNING \(StoredAddressRange.columns)
                """) else { return nil }
            return .saved(try StoredAddressRange(row: row))
        }
    }

    /// Deletes the range (its schedules go with it; devices found through it stay). False when out of reach.
    public func delete(_ id: Int64, scope: TenantScope) async throws(StoreError) -> Bool {
        guard scope.role.canManage else { throw .insufficientPrivilege }
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.execute("DELETE FROM address_ranges WHERE id = \(id) AND organization_id = ANY(\(scope.organizationIDs))") == 1
        }
    }
}

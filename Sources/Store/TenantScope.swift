/// A user's role inside their organization (PRODUCT.md "Tenancy and privileges").
public enum Role: String, Sendable, CaseIterable, Codable {
    /// Users, agents, settings, tokens — and everything a manager may do.
    case admin
    /// Ranges, schedules, devices, reports, orders.
    case manager
    /// Read only.
    case viewer

    public var canAdminister: Bool { self == .admin }
    public var canManage: Bool { self == .admin || self == .manager }
}

/// What a caller may reach: their own organization and every organization below it (a dealer's
/// customers). Every Store function on tenant data takes one, filters its SQL by it, and runs inside a
/// transaction that hands it to PostgreSQL, whose row-level security policies check it again — so a
/// filter forgotten in Swift still leaks nothing.
public struct TenantScope: Sendable, Equatable {
    public let userID: Int64
    public let role: Role
    /// The organization the user belongs to.
    public let homeOrganizationID: Int64
    /// The home organization and all its descendants.
    public let organizationIDs: [Int64]

    public init(userID: Int64, role: Role, homeOrganizationID: Int64, organizationIDs: [Int64]) {
        self.userID = userID
        self.role = role
        self.homeOrganizationID = homeOrganizationID
        self.organizationIDs = organizationIDs
    }

    public func contains(_ organizationID: Int64) -> Bool { organizationIDs.contains(organizationID) }

    /// The transaction-local settings the row-level security policies read.
    var settings: [String: String] {
        [TenantScope.organizationsSetting: "{" + organizationIDs.map(String.init).joined(separator: ",") + "}"]
    }

    /// The settings for work done for one organization's agent (the gateway acts for no user).
    static func settings(organizationID: Int64) -> [String: String] { [organizationsSetting: "{\(organizationID)}"] }

    static let organizationsSetting = "printercare.org_ids"
    /// Set only by the few functions that must look across tenants before a scope exists (sign-in by
    /// e-mail, a session or token lookup, first-start bootstrap); each says so where it uses it.
    static let systemSetting = "printercare.system"
    static let system: [String: String] = [systemSetting: "on"]
}

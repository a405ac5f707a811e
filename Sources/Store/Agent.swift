import Foundation

/// A monitor agent of one organization: made by an admin with a one-time enrolment token, enrolled
/// once (the gateway signs its certificate), revocable at any time.
public struct Agent: Sendable, Equatable {
    public let id: Int64
    public let organizationID: Int64
    public var name: String
    public let enrollmentExpiresAt: Date?
    public let enrolledAt: Date?
    public let revokedAt: Date?
    public let lastSeenAt: Date?
    public let agentVersion: String?
    public let createdAt: Date
    /// Expiry of the newest unrevoked certificate, if any.
    public let certificateExpiresAt: Date?

    /// `pending` (waiting for enrolment), `enrolled`, `expired` (token unused past its expiry), `revoked`.
    public var status: String {
        if revokedAt != nil { return "revoked" }
        if enrolledAt != nil { return "enrolled" }
        if let expiry = enrollmentExpiresAt, expiry < Date() { return "expired" }
        return "pending"
    }

    /// The one place a row becomes an `Agent`.
    init(row: Row) throws(StoreError) {
        id = try row.int64("id")
        organizationID = try row.int64("organization_id")
        name = try row.string("name")
        enrollmentExpiresAt = try row.optionalDate("enrollment_expires_at")
        enrolledAt = try row.optionalDate("enrolled_at")
        revokedAt = try row.optionalDate("revoked_at")
        lastSeenAt = try row.optionalDate("last_seen_at")
        agentVersion = try row.optionalString("agent_version")
        createdAt = try row.date("created_at")
        certificateExpiresAt = try row.optionalDate("certificate_expires_at")
    }

    static let columns: SQL = """
        a.id, a.organization_id, a.name, a.enrollment_expires_at, a.enrolled_at, a.revoked_at, a.last_seen_at,
        a.agent_version, a.created_at,
        (SELECT max(c.not_after) FROM agent_certificates c WHERE c.agent_id = a.id AND c.revoked_at IS NULL) AS certificate_expires_at
        """
}

/// The agent and organization a valid client certificate stands for.
public struct AgentIdentity: Sendable, Equatable {
    public let agentID: Int64
    public let organizationID: Int64
    public let serial: String
    public let notAfter: Date
    public init(agentID: Int64, organizationID: Int64, serial: String, notAfter: Date) {
        self.agentID = agentID
        self.organizationID = organizationID
        self.serial = serial
        self.notAfter = notAfter
    }
}

/// What the signer returns for an enrolment or renewal: the certificate and its serial and expiry.
public struct IssuedCertificate: Sendable {
    public let serial: String
    public let notAfter: Date
    public let pem: String
    public init(serial: String, notAfter: Date, pem: String) {
        self.serial = serial
        self.notAfter = notAfter
        self.pem = pem
    }
}

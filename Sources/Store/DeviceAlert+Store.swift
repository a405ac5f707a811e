import Foundation

/// One alert of one device (a prtAlertTable row seen in a reading), with the device's identity and
/// who acknowledged it, as the alert pages list it.
public struct DeviceAlert: Sendable, Equatable {
    public let id: Int64
    public let organizationID: Int64
    public let deviceID: Int64
    public let deviceAddress: String
    public let deviceManufacturer: String?
    public let deviceModel: String?
    public let deviceAssetNumber: String?
    /// `critical`, `warning`, `warning_binary_change_event` or `other` (RFC 3805 names).
    public let severity: String
    /// The RFC 3805 alert code name (`toner_almost_empty`), or `code_<n>` for an unnamed one.
    public let code: String
    public let group: String?
    public let description: String?
    public let openedAt: Date
    public let clearedAt: Date?
    public let acknowledgedAt: Date?
    /// The acknowledging user's name (or e-mail), when that user is within the reader's reach.
    public let acknowledgedBy: String?

    init(row: Row) throws(StoreError) {
        id = try row.int64("id")
        organizationID = try row.int64("organization_id")
        deviceID = try row.int64("device_id")
        deviceAddress = try row.string("address")
        deviceManufacturer = try row.optionalString("manufacturer")
        deviceModel = try row.optionalString("model")
        deviceAssetNumber = try row.optionalString("asset_number")
        severity = try row.string("severity")
        code = try row.string("code")
        group = try row.optionalString("alert_group")
        description = try row.optionalString("description")
        openedAt = try row.date("opened_at")
        clearedAt = try row.optionalDate("cleared_at")
        acknowledgedAt = try row.optionalDate("acknowledged_at")
        acknowledgedBy = try row.optionalString("acknowledged_by_name")
    }

    static let columns: SQL = """
        a.id, a.organization_id, a.device_id, host(d.address) AS address, d.manufacturer, d.model, d.asset_number,
        a.severity, a.code, a.alert_group, a.description, a.opened_at, a.cleared_at, a.acknowledged_at,
        (SELECT coalesce(nullif(u.display_name, ''), u.email) FROM users u WHERE u.id = a.acknowledged_by) AS acknowledged_by_name
        """
}

/// Which alerts a list shows. The states do not overlap: `open` is present and not yet acknowledged,
/// `acknowledged` is present and acknowledged, `cleared` is no longer reported by the device.
public struct AlertFilter: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable { case open, acknowledged, cleared, all }
    public var state: State
    /// One severity name, or nil for every severity.
    public var severity: String?
    /// Text searched in the device's address, manufacturer, model, serial and asset number.
    public var device: String?
    public var deviceID: Int64?

    public init(state: State = .open, severity: String? = nil, device: String? = nil, deviceID: Int64? = nil) {
        self.state = state
        self.severity = severity
        self.device = device
        self.deviceID = deviceID
    }

    /// The severities a filter may name.
    public static let severities = ["critical", "warning", "warning_binary_change_event", "other"]
}

/// How many alerts are in each state, within reach.
public struct AlertCounts: Sendable, Equatable {
    public let open: Int
    public let acknowledged: Int
    /// Open (unacknowledged) alerts of severity `critical`.
    public let critical: Int
    /// Everything not cleared: open plus acknowledged.
    public var active: Int { open + acknowledged }
}

/// Alerts of the fleet's devices, within a caller's scope (the ingest opens and clears them; users
/// read and acknowledge them).
public struct AlertStore: Sendable {
    let database: Database
    public init(database: Database) { self.database = database }

    /// One page (1-based) of `pageSize` alerts, newest first, and whether more follow.
    public func list(_ filter: AlertFilter, page: Int, pageSize: Int = 50,
                     scope: TenantScope) async throws(StoreError) -> (alerts: [DeviceAlert], hasMore: Bool) {
        let size = max(1, min(pageSize, 200))
        let offset = (max(1, min(page, 10_000)) - 1) * size
        let state = filter.state.rawValue
        let severity = filter.severity.flatMap { AlertFilter.severities.contains($0) ? $0 : nil }
        let pattern = filter.device.flatMap { $0.isEmpty ? nil : "%" + Self.escapeLike(String($0.prefix(200))) + "%" }
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            let rows = try tx.query("""
                SELECT \(DeviceAlert.columns)
                FROM device_alerts a JOIN devices d ON d.id = a.device_id
                WHERE a.organization_id = ANY(\(scope.organizationIDs)) AND d.organization_id = ANY(\(scope.organizationIDs))
                  AND CASE \(state)::text
                        WHEN 'open' THEN a.cleared_at IS NULL AND a.acknowledged_at IS NULL
                        WHEN 'acknowledged' THEN a.cleared_at IS NULL AND a.acknowledged_at IS NOT NULL
                        WHEN 'cleared' THEN a.cleared_at IS NOT NULL
                        ELSE true END
                  AND (\(severity)::text IS NULL OR a.severity = \(severity))
                  AND (\(filter.deviceID)::bigint IS NULL OR a.device_id = \(filter.deviceID))
                  AND (\(pattern)::text IS NULL OR host(d.address) LIKE \(pattern) OR d.manufacturer ILIKE \(pattern)
                       OR d.model ILIKE \(pattern) OR d.serial_number ILIKE \(pattern) OR d.asset_number ILIKE \(pattern))
                ORDER BY a.opened_at DESC, a.id DESC
                LIMIT \(size + 1) OFFSET \(offset)
                """)
            let alerts = try rows.prefix(size).map { (row) throws(StoreError) in try DeviceAlert(row: row) }
            return (alerts, rows.count > size)
        }
    }

    public func find(_ id: Int64, scope: TenantScope) async throws(StoreError) -> DeviceAlert? {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.queryOne("""
                SELECT \(DeviceAlert.columns) FROM device_alerts a JOIN devices d ON d.id = a.device_id
                WHERE a.id = \(id) AND a.organization_id = ANY(\(scope.organizationIDs))
                """).map { (row) throws(StoreError) in try DeviceAlert(row: row) }
        }
    }

    /// Records that the caller has seen an open alert (managers and admins). Acknowledging twice keeps
    /// the first acknowledgement; a cleared alert stays as it is. Nil when the alert is out of reach.
    public func acknowledge(_ id: Int64, scope: TenantScope) async throws(StoreError) -> DeviceAlert? {
        guard scope.role.canManage else { throw .insufficientPrivilege }
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> DeviceAlert? in
            try tx.execute("""
                UPDATE device_alerts SET acknowledged_at = now(), acknowledged_by = \(scope.userID)
                WHERE id = \(id) AND organization_id = ANY(\(scope.organizationIDs))
                  AND acknowledged_at IS NULL AND cleared_at IS NULL
                """)
            return try tx.queryOne("""
                SELECT \(DeviceAlert.columns) FROM device_alerts a JOIN devices d ON d.id = a.device_id
                WHERE a.id = \(id) AND a.organization_id = ANY(\(scope.organizationIDs))
                """).map { (row) throws(StoreError) in try DeviceAlert(row: row) }
        }
    }

    /// Open, acknowledged and open critical alerts within reach.
    public func counts(scope: TenantScope) async throws(StoreError) -> AlertCounts {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            let row = try tx.queryOne("""
                SELECT count(*) FILTER (WHERE acknowledged_at IS NULL) AS open,
                       count(*) FILTER (WHERE acknowledged_at IS NOT NULL) AS acknowledged,
                       count(*) FILTER (WHERE acknowledged_at IS NULL AND severity = 'critical') AS critical
                FROM device_alerts WHERE organization_id = ANY(\(scope.organizationIDs)) AND cleared_at IS NULL
                """)
            return AlertCounts(open: try row?.int("open") ?? 0, acknowledged: try row?.int("acknowledged") ?? 0,
                               critical: try row?.int("critical") ?? 0)
        }
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

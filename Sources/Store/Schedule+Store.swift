import FleetCore
import Foundation

/// Schedules, within a caller's scope, and the scheduler's claim of due ones.
public struct ScheduleStore: Sendable {
    let database: Database
    public init(database: Database) { self.database = database }

    public func list(scope: TenantScope) async throws(StoreError) -> [Schedule] {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.query("SELECT \(Schedule.columns) FROM schedules s WHERE s.organization_id = ANY(\(scope.organizationIDs)) ORDER BY s.id")
                .map { (row) throws(StoreError) in try Schedule(row: row) }
        }
    }

    public func find(_ id: Int64, scope: TenantScope) async throws(StoreError) -> Schedule? {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try Self.find(id, scope: scope, in: tx)
        }
    }

    static func find(_ id: Int64, scope: TenantScope, in tx: Transaction) throws(StoreError) -> Schedule? {
        try tx.queryOne("SELECT \(Schedule.columns) FROM schedules s WHERE s.id = \(id) AND s.organization_id = ANY(\(scope.organizationIDs))")
            .map { (row) throws(StoreError) in try Schedule(row: row) }
    }

    /// Creates a schedule of a range within reach, or (no range) of `organizationID`'s whole fleet.
    public func create(_ draft: ScheduleDraft, organizationID: Int64, scope: TenantScope) async throws(StoreError) -> SaveResult<Schedule> {
        guard scope.role.canManage else { throw .insufficientPrivilege }
        var errors = draft.validate()
        if draft.addressRangeID == nil && !scope.contains(organizationID) { errors.append(FieldError("organization_id", "organization_id.invalid")) }
        guard errors.isEmpty else { return .invalid(errors) }
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> SaveResult<Schedule> in
            var owner = organizationID
            if let rangeID = draft.addressRangeID {
                guard let range = try AddressRangeStore.find(rangeID, scope: scope, in: tx) else {
                    return .invalid([FieldError("address_range_id", "address_range_id.invalid")])
                }
                owner = range.organizationID
            }
            let next = draft.times.nextRun(after: Date(), timeZone: try Self.timeZone(of: owner, in: tx))
            guard let row = try tx.queryOne("""
                INSERT INTO schedules (organization_id, kind, address_range_id, interval_minutes, times_of_day, days_of_week, is_enabled, next_run_at)
                VALUES (\(owner), \(draft.kind), \(draft.addressRangeID), \(draft.intervalMinutes), \(draft.timesOfDay.map { $0.map(Int64.init) }),
                        \(draft.timesOfDay == nil ? nil : draft.times.daysOfWeek.map(Int64.init)), \(draft.isEnabled), \(next))
                RETURNING id
                """), let created = try Self.find(try row.int64("id"), scope: scope, in: tx) else { throw .unavailable("insert returned nothing") }
            return .saved(created)
        }
    }

    /// Replaces a schedule's fields; its next run is computed again from now.
    public func update(_ id: Int64, _ draft: ScheduleDraft, scope: TenantScope) async throws(StoreError) -> SaveResult<Schedule>? {
        guard scope.role.canManage else { throw .insufficientPrivilege }
        let errors = draft.validate()
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> SaveResult<Schedule>? in
            guard let existing = try Self.find(id, scope: scope, in: tx) else { return nil }
            guard errors.isEmpty else { return .invalid(errors) }
            if let rangeID = draft.addressRangeID {
                guard let range = try AddressRangeStore.find(rangeID, scope: scope, in: tx), range.organizationID == existing.organizationID else {
                    return .invalid([FieldError("address_range_id", "address_range_id.invalid")])
                }
            }
            let next = draft.times.nextRun(after: Date(), timeZone: try Self.timeZone(of: existing.organizationID, in: tx))
            try tx.execute("""
                UPDATE schedules SET kind = \(draft.kind), address_range_id = \(draft.addressRangeID),
                    interval_minutes = \(draft.intervalMinutes), times_of_day = \(draft.timesOfDay.map { $0.map(Int64.init) }),
                    days_of_week = \(draft.timesOfDay == nil ? nil : draft.times.daysOfWeek.map(Int64.init)),
                    is_enabled = \(draft.isEnabled), next_run_at = \(next)
                WHERE id = \(id)
                """)
            return try Self.find(id, scope: scope, in: tx).map { .saved($0) }
        }
    }

    public func delete(_ id: Int64, scope: TenantScope) async throws(StoreError) -> Bool {
        guard scope.role.canManage else { throw .insufficientPrivilege }
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.execute("DELETE FROM schedules WHERE id = \(id) AND organization_id = ANY(\(scope.organizationIDs))") == 1
        }
    }

    /// "Run now": the schedule's commands are queued at once (its regular times are unchanged).
    public func runNow(_ id: Int64, scope: TenantScope) async throws(StoreError) -> [AgentCommand]? {
        guard scope.role.canManage else { throw .insufficientPrivilege }
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> [AgentCommand]? in
            guard let schedule = try Self.find(id, scope: scope, in: tx) else { return nil }
            return try Self.enqueue(schedule, in: tx)
        }
    }

    /// Claims the schedules due at `now` and queues their commands, each schedule in the same
    /// transaction that moves its next run on. `FOR UPDATE SKIP LOCKED` lets several server processes
    /// run this at once: each due run is taken by exactly one of them.
    public func runDue(now: Date = Date(), limit: Int = 50) async throws(StoreError) -> Int {
        try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) -> Int in
            let due = try tx.query("""
                SELECT \(Schedule.columns), o.time_zone FROM schedules s JOIN organizations o ON o.id = s.organization_id
                WHERE s.is_enabled AND s.next_run_at <= \(now) AND o.is_active
                ORDER BY s.next_run_at LIMIT \(limit)
                FOR UPDATE OF s SKIP LOCKED
                """)
            for row in due {
                let schedule = try Schedule(row: row)
                _ = try Self.enqueue(schedule, in: tx)
                let zone = TimeZone(identifier: try row.string("time_zone")) ?? TimeZone(identifier: "UTC")!
                // A server that was down does not replay every missed run: the next one is after now.
                let next = schedule.times.nextRun(after: max(now, schedule.nextRunAt), timeZone: zone)
                try tx.execute("UPDATE schedules SET last_run_at = \(now), next_run_at = \(next) WHERE id = \(schedule.id)")
            }
            return due.count
        }
    }

    /// The commands one run of `schedule` makes: a discovery per range, or one status command per agent
    /// with that agent's devices (of the range, or all of the organization's).
    static func enqueue(_ schedule: Schedule, in tx: Transaction) throws(StoreError) -> [AgentCommand] {
        var commands: [AgentCommand] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func payload(_ message: AgentCommandMessage) throws(StoreError) -> String {
            guard let data = try? encoder.encode(message) else { throw .invalidInput("command not encodable") }
            return String(decoding: data, as: UTF8.self)
        }
        if schedule.kind == "discovery" {
            let ranges = try tx.query("""
                SELECT \(StoredAddressRange.columns) FROM address_ranges
                WHERE organization_id = \(schedule.organizationID) AND (\(schedule.addressRangeID) IS NULL OR id = \(schedule.addressRangeID))
                  AND agent_id IN (SELECT id FROM agents WHERE revoked_at IS NULL)
                ORDER BY id
                """).map { (row) throws(StoreError) in try StoredAddressRange(row: row) }
            for range in ranges {
                let message = range.discoveryMessage
                commands.append(try CommandStore.insert(organizationID: range.organizationID, agentID: range.agentID,
                                                        kind: "discovery", payload: try payload(message), rangeID: range.id, in: tx))
            }
        } else {
            let rows = try tx.query("""
                SELECT d.id, d.agent_id, host(d.address) AS address, d.snmp_community, d.snmp_version, d.snmp_port FROM devices d
                JOIN agents a ON a.id = d.agent_id AND a.revoked_at IS NULL
                WHERE d.organization_id = \(schedule.organizationID)
                  AND (\(schedule.addressRangeID) IS NULL OR d.address_range_id = \(schedule.addressRangeID))
                ORDER BY d.agent_id, d.id
                """)
            var byAgent: [Int64: [DeviceTarget]] = [:]
            for row in rows {
                byAgent[try row.int64("agent_id"), default: []].append(DeviceTarget(
                    deviceID: try row.int64("id"), address: try row.string("address"),
                    snmp: SNMPSettings(community: try row.string("snmp_community"), version: try row.string("snmp_version"),
                                       port: try row.int("snmp_port"))))
            }
            for (agentID, devices) in byAgent.sorted(by: { $0.key < $1.key }) {
                let message = AgentCommandMessage(commandID: 0, kind: "status", devices: devices)
                commands.append(try CommandStore.insert(organizationID: schedule.organizationID, agentID: agentID,
                                                        kind: "status", payload: try payload(message), in: tx))
            }
        }
        return commands
    }

    static func timeZone(of organizationID: Int64, in tx: Transaction) throws(StoreError) -> TimeZone {
        let name = try tx.queryOne("SELECT time_zone FROM organizations WHERE id = \(organizationID)")?.string("time_zone") ?? "UTC"
        return TimeZone(identifier: name) ?? TimeZone(identifier: "UTC")!
    }
}

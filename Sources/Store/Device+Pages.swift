import FleetCore
import Foundation
import Synchronization

extension DeviceStore {
    /// The low-supply test for a device row `d`: a true percentage at or below its organization's
    /// threshold (`threshold` is SQL giving it), or a consumable reported low or empty. The second test
    /// reads the gauges' JSON, so it is made only for devices not `online`: the ingest never leaves a
    /// device with a low or empty consumable `online` (DeviceHealth makes it a warning at least).
    static func lowCondition(threshold: String) -> String {
        """
        (d.lowest_supply_percent <= \(threshold)
         OR (d.status <> 'online'
             AND d.supply_gauges @? '$[*] ? (@.receptacle == false && (@.state == "low" || @.state == "empty"))'))
        """
    }

    /// The overview's counts, in one statement.
    public func summary(scope: TenantScope) async throws(StoreError) -> FleetSummary {
        let orgs = scope.organizationIDs
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            guard let row = try tx.queryOne("""
                SELECT count(*) AS devices,
                       count(*) FILTER (WHERE d.status = 'online') AS online, count(*) FILTER (WHERE d.status = 'warning') AS warning,
                       count(*) FILTER (WHERE d.status = 'error') AS error, count(*) FILTER (WHERE d.status = 'offline') AS offline,
                       count(*) FILTER (WHERE \(raw: Self.lowCondition(threshold: "o.low_supply_percent"))) AS low,
                       (SELECT count(*) FROM device_alerts a WHERE a.organization_id = ANY(\(orgs)) AND a.cleared_at IS NULL
                          AND a.acknowledged_at IS NULL) AS open_alerts,
                       (SELECT count(*) FROM device_alerts a WHERE a.organization_id = ANY(\(orgs)) AND a.cleared_at IS NULL
                          AND a.acknowledged_at IS NOT NULL) AS acknowledged_alerts,
                       (SELECT count(*) FROM agents g JOIN organizations o ON o.id = g.organization_id
                        WHERE g.organization_id = ANY(\(orgs)) AND g.enrolled_at IS NOT NULL AND g.revoked_at IS NULL
                          AND (g.last_seen_at IS NULL OR g.last_seen_at < now() - make_interval(mins => o.agent_silence_minutes))) AS silent_agents,
                       (SELECT count(*) FROM agents g WHERE g.organization_id = ANY(\(orgs)) AND g.revoked_at IS NULL) AS agents,
                       (SELECT count(*) FROM address_ranges r WHERE r.organization_id = ANY(\(orgs))) AS ranges
                FROM devices d JOIN organizations o ON o.id = d.organization_id WHERE d.organization_id = ANY(\(orgs))
                """) else { return FleetSummary() }
            var summary = FleetSummary()
            summary.devices = try row.int("devices")
            summary.online = try row.int("online")
            summary.warning = try row.int("warning")
            summary.error = try row.int("error")
            summary.offline = try row.int("offline")
            summary.lowSupply = try row.int("low")
            summary.openAlerts = try row.int("open_alerts")
            summary.acknowledgedAlerts = try row.int("acknowledged_alerts")
            summary.silentAgents = try row.int("silent_agents")
            summary.agents = try row.int("agents")
            summary.ranges = try row.int("ranges")
            return summary
        }
    }

    /// One page of the device list with its total and the filters' choices, in one transaction.
    public func listPage(_ query: DeviceListQuery, scope: TenantScope) async throws(StoreError) -> DeviceListPage {
        let size = max(1, min(query.pageSize, 200))
        let offset = (max(1, min(query.page, 100_000)) - 1) * size
        let status = query.status.flatMap { DeviceHealth.statuses.contains($0) ? $0 : nil }
        let pattern = query.search.flatMap { $0.isEmpty ? nil : "%" + Self.escapeLike(String($0.prefix(200))) + "%" }
        let orgs = scope.organizationIDs
        let filter: SQL = """
            d.organization_id = ANY(\(orgs))
              AND (\(status)::text IS NULL OR d.status = \(status)::text)
              AND (\(query.manufacturer)::text IS NULL OR d.manufacturer = \(query.manufacturer)::text)
              AND (\(query.model)::text IS NULL OR d.model = \(query.model)::text)
              AND (\(query.location)::text IS NULL OR d.location = \(query.location)::text)
              AND (\(query.rangeID)::bigint IS NULL OR d.address_range_id = \(query.rangeID)::bigint)
              AND (\(pattern)::text IS NULL OR d.model ILIKE \(pattern)::text OR d.manufacturer ILIKE \(pattern)::text
                   OR d.serial_number ILIKE \(pattern)::text OR host(d.address) LIKE \(pattern)::text
                   OR d.location ILIKE \(pattern)::text OR d.asset_number ILIKE \(pattern)::text
                   OR d.inventory_number ILIKE \(pattern)::text)
              AND (NOT \(query.lowOnly) OR \(raw: Self.lowCondition(threshold: "(SELECT o.low_supply_percent FROM organizations o WHERE o.id = d.organization_id)")))
            """
        let direction = query.descending ? "DESC NULLS LAST" : "ASC NULLS LAST"
        let keys = query.sort.expressions.enumerated().map { "\($1) AS k\($0)" }.joined(separator: ", ")
        let order = query.sort.expressions.indices.map { "m.k\($0) \(direction)" }.joined(separator: ", ")
            + ", m.id " + (query.descending ? "DESC" : "ASC")
        let rows = try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> (rows: [DeviceListRow], total: Int) in
            // The matching ids and sort keys only (narrow rows, one scan), the total from them, and the
            // page's 50 devices fetched by id: the wide columns are never sorted.
            let found = try tx.query("""
                WITH matched AS MATERIALIZED (SELECT d.id, \(raw: keys) FROM devices d WHERE \(filter)),
                     page AS (SELECT * FROM matched m ORDER BY \(raw: order) LIMIT \(size) OFFSET \(offset))
                SELECT d.id, d.status, d.manufacturer, d.model, host(d.address) AS address, d.location, d.serial_number,
                       d.asset_number, d.latest_reading_at, d.supply_gauges::text AS supply_gauges,
                       (SELECT count(*) FROM matched) AS total
                FROM page m JOIN devices d ON d.id = m.id
                ORDER BY \(raw: order)
                """)
            let rows = try found.map { (row) throws(StoreError) in try Self.listRow(row) }
            var total = try found.first?.int("total") ?? 0
            if found.isEmpty && offset > 0 {
                total = try tx.queryOne("SELECT count(*) AS n FROM devices d WHERE \(filter)")?.int("n") ?? 0
            }
            return (rows, total)
        }
        let choices = try await listChoices(scope: scope)
        return DeviceListPage(rows: rows.rows, total: rows.total, manufacturers: choices.manufacturers, models: choices.models,
                              locations: choices.locations, ranges: choices.ranges)
    }

    /// The list filters' choices: distinct manufacturers, models and locations within reach (at most
    /// 300 each) and the address ranges, in one scan. Kept for `choicesMaximumAge` seconds per
    /// database and reach, so paging and sorting do not scan the devices again for them.
    public func listChoices(scope: TenantScope) async throws(StoreError) -> DeviceListChoices {
        let key = DeviceListChoices.Key(database: ObjectIdentifier(database), organizations: scope.organizationIDs.sorted())
        if let cached = DeviceListChoices.cache.withLock({ $0[key] }), cached.source.value === database,
           cached.madeAt.timeIntervalSinceNow > -Self.choicesMaximumAge {
            return cached
        }
        let orgs = scope.organizationIDs
        let choices = try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> DeviceListChoices in
            let row = try tx.queryOne("""
                SELECT array_agg(DISTINCT manufacturer) FILTER (WHERE manufacturer <> '') AS manufacturers,
                       array_agg(DISTINCT model) FILTER (WHERE model <> '') AS models,
                       array_agg(DISTINCT location) FILTER (WHERE location <> '') AS locations,
                       (SELECT array_agg(id::text || ' ' || name ORDER BY name, id) FROM address_ranges
                        WHERE organization_id = ANY(\(orgs))) AS ranges
                FROM devices WHERE organization_id = ANY(\(orgs))
                """)
            func list(_ column: String) throws(StoreError) -> [String] {
                guard let row, try !row.isNull(column) else { return [] }
                return Array(try row.stringArray(column).prefix(300))
            }
            let ranges = try list("ranges").compactMap { entry -> (id: Int64, name: String)? in
                guard let space = entry.firstIndex(of: " "), let id = Int64(entry[..<space]) else { return nil }
                return (id, String(entry[entry.index(after: space)...]))
            }
            return DeviceListChoices(manufacturers: try list("manufacturers"), models: try list("models"),
                                     locations: try list("locations"), ranges: ranges, madeAt: Date())
        }
        choices.source.value = database
        DeviceListChoices.cache.withLock { cache in
            if cache.count > 1000 { cache.removeAll() }
            cache[key] = choices
        }
        return choices
    }

    /// How long the list filters' choices are reused (a new model shows up in the select this late).
    public static let choicesMaximumAge: TimeInterval = 30

    static func listRow(_ row: Row) throws(StoreError) -> DeviceListRow {
        let gauges = try row.string("supply_gauges")
        return DeviceListRow(id: try row.int64("id"), status: try row.string("status"), manufacturer: try row.optionalString("manufacturer"),
                             model: try row.optionalString("model"), address: try row.string("address"),
                             location: try row.optionalString("location"), serialNumber: try row.optionalString("serial_number"),
                             assetNumber: try row.optionalString("asset_number"), latestReadingAt: try row.optionalDate("latest_reading_at"),
                             supplyGauges: (try? JSONDecoder().decode([SupplyGauge].self, from: Data(gauges.utf8))) ?? [])
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

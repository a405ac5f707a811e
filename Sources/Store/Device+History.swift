import Foundation

/// Pages printed in one day or month, worked out from the differences between consecutive readings'
/// `total` counters. A difference is counted in the bucket of the later reading.
public struct VolumeBucket: Sendable, Equatable {
    /// `2026-11-25` (day) or `2026-11` (month), in the organization's time zone.
    public let label: String
    /// Pages counted in the bucket; nil when no two consecutive readings end in it.
    public let pages: Int64?
    /// How many times the counter went backwards here (a reset or a replaced board): not counted.
    public let resets: Int
    /// Whether a counted difference started before the previous bucket (readings were missing for a
    /// while, so the pages of several buckets land here).
    public let spansGap: Bool
}

/// One supply's level over time: a day and the mean true percentage that day.
public struct SupplyHistory: Sendable, Equatable {
    public let index: String
    public let color: String?
    public let kind: String?
    /// (days before today, percent), oldest first.
    public let points: [(day: Int, percent: Double)]

    public static func == (a: SupplyHistory, b: SupplyHistory) -> Bool {
        a.index == b.index && a.points.map(\.day) == b.points.map(\.day) && a.points.map(\.percent) == b.points.map(\.percent)
    }
}

/// What a user may change on a device (the device page's form): checked before anything is stored.
public struct DeviceFields: Sendable, Equatable {
    public var assetNumber: String
    public var locationNote: String
    /// Name and value pairs in the order typed; empty rows are dropped.
    public var custom: [(name: String, value: String)]

    public static let maximumCustomFields = 10

    public init(assetNumber: String, locationNote: String, custom: [(name: String, value: String)]) {
        self.assetNumber = assetNumber; self.locationNote = locationNote; self.custom = custom
    }

    public static func == (a: DeviceFields, b: DeviceFields) -> Bool {
        a.assetNumber == b.assetNumber && a.locationNote == b.locationNote
            && a.custom.map(\.name) == b.custom.map(\.name) && a.custom.map(\.value) == b.custom.map(\.value)
    }

    /// Problems by field; custom rows are named `field_name_<n>` / `field_value_<n>` (0-based row).
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        Validate.text(assetNumber, field: "asset_number", required: false, maximum: 100, into: &errors)
        Self.note(locationNote, into: &errors)
        if custom.count > Self.maximumCustomFields { errors.append(FieldError("custom_fields", "custom_fields.too_many")) }
        var seen: Set<String> = []
        for (row, field) in custom.enumerated() {
            let name = "field_name_\(row)", value = "field_value_\(row)"
            if field.name.isEmpty { errors.append(FieldError(name, "field_name.required")) }
            else if field.name.count > 50 { errors.append(FieldError(name, "field_name.too_long")) }
            else if Self.hasControl(field.name, allowNewlines: false) { errors.append(FieldError(name, "field_name.invalid")) }
            else if !seen.insert(field.name.lowercased()).inserted { errors.append(FieldError(name, "field_name.duplicate")) }
            if field.value.count > 200 { errors.append(FieldError(value, "field_value.too_long")) }
            else if Self.hasControl(field.value, allowNewlines: false) { errors.append(FieldError(value, "field_value.invalid")) }
        }
        return errors
    }

    /// A location note may run over several lines; other control characters are refused.
    static func note(_ text: String, into errors: inout [FieldError]) {
        if text.count > 500 { errors.append(FieldError("location_note", "location_note.too_long")) }
        else if hasControl(text, allowNewlines: true) { errors.append(FieldError("location_note", "location_note.invalid")) }
    }

    static func hasControl(_ text: String, allowNewlines: Bool) -> Bool {
        text.unicodeScalars.contains { scalar in
            if allowNewlines && (scalar == "\n" || scalar == "\r" || scalar == "\t") { return false }
            return scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
        }
    }
}

extension DeviceStore {
    /// Pages per day (`unit` "day") or per month ("month") for the last `count` buckets up to now, in
    /// `timeZone`; every bucket is present, oldest first. Nil when the device is out of reach.
    public func pageVolume(of id: Int64, unit: String, count: Int, timeZone: String,
                           scope: TenantScope) async throws(StoreError) -> [VolumeBucket]? {
        let isMonth = unit == "month"
        let unitName = isMonth ? "month" : "day"
        let format = isMonth ? "YYYY-MM" : "YYYY-MM-DD"
        let zone = TimeZone(identifier: timeZone) != nil ? timeZone : "UTC"
        // A difference spanning more than this came over missing readings.
        let gapSeconds = isMonth ? 32 * 86_400 : 36 * 3600
        let buckets = max(1, min(count, 400))
        // Fixed SQL built from clamped integers, never from user text.
        let back = "interval '\(buckets - 1) \(unitName)s'", step = "interval '1 \(unitName)'"
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> [VolumeBucket]? in
            guard try tx.queryOne("SELECT 1 AS ok FROM devices WHERE id = \(id) AND organization_id = ANY(\(scope.organizationIDs))") != nil
            else { return nil }
            return try tx.query("""
                WITH span AS (
                    SELECT date_trunc(\(unitName)::text, now() AT TIME ZONE \(zone)::text) - \(raw: back) AS first_local
                ), since AS (
                    SELECT (first_local AT TIME ZONE \(zone)::text) AS first_at FROM span
                ), r AS (
                    SELECT collected_at, total, lag(total) OVER w AS prev_total, lag(collected_at) OVER w AS prev_at
                    FROM readings, since
                    WHERE device_id = \(id) AND organization_id = ANY(\(scope.organizationIDs)) AND total IS NOT NULL
                      AND collected_at >= coalesce((SELECT max(p.collected_at) FROM readings p WHERE p.device_id = \(id)
                                                      AND p.total IS NOT NULL AND p.collected_at < since.first_at), since.first_at)
                    WINDOW w AS (ORDER BY collected_at)
                ), counted AS (
                    SELECT date_trunc(\(unitName)::text, collected_at AT TIME ZONE \(zone)::text) AS bucket,
                           sum(total - prev_total) FILTER (WHERE total >= prev_total) AS pages,
                           count(*) FILTER (WHERE total < prev_total) AS resets,
                           bool_or(total >= prev_total AND collected_at - prev_at > \(raw: "interval '\(gapSeconds) seconds'")) AS gap
                    FROM r, since WHERE prev_total IS NOT NULL AND collected_at >= since.first_at GROUP BY 1
                )
                SELECT to_char(b, \(format)::text) AS label, c.pages, coalesce(c.resets, 0) AS resets, coalesce(c.gap, false) AS gap
                FROM span, generate_series(span.first_local, span.first_local + \(raw: back),
                                           \(raw: step)) AS b
                LEFT JOIN counted c ON c.bucket = b
                ORDER BY b
                """).map { (row) throws(StoreError) in
                VolumeBucket(label: try row.string("label"), pages: try row.optionalInt64("pages"), resets: try row.int("resets"),
                             spansGap: try row.bool("gap"))
            }
        }
    }

    /// Each consumable's true percentage per day over the last `days` days (from the readings' JSON),
    /// by supply index; supplies that never had a percentage are left out.
    public func supplyHistory(of id: Int64, days: Int, scope: TenantScope) async throws(StoreError) -> [SupplyHistory] {
        let span = max(1, min(days, 400))
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            let rows = try tx.query("""
                SELECT s->>'index' AS idx, max(s->>'color') AS color, max(s->>'type') AS kind,
                       (current_date - collected_at::date) AS day, avg((s->>'percent')::float8) AS percent
                FROM readings, jsonb_array_elements(reading->'supplies') AS s
                WHERE device_id = \(id) AND organization_id = ANY(\(scope.organizationIDs))
                  AND collected_at >= now() - make_interval(days => \(span)::int)
                  AND jsonb_typeof(s->'percent') = 'number' AND coalesce(s->>'class', '') <> 'receptacle'
                GROUP BY 1, 4 ORDER BY 1, 4 DESC
                """)
            var order: [String] = []
            var byIndex: [String: (color: String?, kind: String?, points: [(day: Int, percent: Double)])] = [:]
            for row in rows {
                let index = try row.string("idx")
                if byIndex[index] == nil { order.append(index); byIndex[index] = (try row.optionalString("color"), try row.optionalString("kind"), []) }
                byIndex[index]?.points.append((try row.int("day"), try row.double("percent")))
            }
            return order.map { SupplyHistory(index: $0, color: byIndex[$0]?.color, kind: byIndex[$0]?.kind, points: byIndex[$0]?.points ?? []) }
        }
    }

    /// The device's alerts, those still present first, then the newest cleared ones (at most `limit`).
    public func alerts(of id: Int64, limit: Int = 50, scope: TenantScope) async throws(StoreError) -> [DeviceAlert] {
        try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) in
            try tx.query("""
                SELECT \(DeviceAlert.columns) FROM device_alerts a JOIN devices d ON d.id = a.device_id
                WHERE a.device_id = \(id) AND a.organization_id = ANY(\(scope.organizationIDs))
                ORDER BY a.cleared_at IS NOT NULL, coalesce(a.cleared_at, a.opened_at) DESC, a.id DESC
                LIMIT \(max(1, min(limit, 500)))
                """).map { (row) throws(StoreError) in try DeviceAlert(row: row) }
        }
    }

    /// Saves the user's fields of a device (managers and admins). Nil when out of reach; `.invalid`
    /// (nothing stored) when a value breaks the rules.
    public func updateFields(_ id: Int64, _ fields: DeviceFields, scope: TenantScope) async throws(StoreError) -> SaveResult<Void>? {
        guard scope.role.canManage else { throw .insufficientPrivilege }
        let errors = fields.validate()
        var object: [String: String] = [:]
        for field in fields.custom { object[field.name] = field.value }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: (try? encoder.encode(object)) ?? Data("{}".utf8), as: UTF8.self)
        let asset = fields.assetNumber.isEmpty ? nil : fields.assetNumber
        let note = fields.locationNote.isEmpty ? nil : fields.locationNote
        return try await database.transaction(settings: scope.settings) { (tx) throws(StoreError) -> SaveResult<Void>? in
            guard try tx.queryOne("SELECT 1 AS ok FROM devices WHERE id = \(id) AND organization_id = ANY(\(scope.organizationIDs))") != nil
            else { return nil }
            guard errors.isEmpty else { return .invalid(errors) }
            try tx.execute("""
                UPDATE devices SET asset_number = \(asset), location_note = \(note), custom_fields = \(json)::jsonb
                WHERE id = \(id) AND organization_id = ANY(\(scope.organizationIDs))
                """)
            return .saved(())
        }
    }
}

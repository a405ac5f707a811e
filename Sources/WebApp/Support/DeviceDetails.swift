import FleetCore
import Foundation
import Store

/// The device page's sections as small value dictionaries: identity, status and flags, supplies,
/// counters, trays, alerts and the raw reading. Values from the device are shown as they are
/// (escaped by the renderer); names we know are translated.
enum DeviceDetails {
    /// Label and value rows, skipping unknown values.
    static func identity(_ device: Device, _ request: WebRequest) -> [[String: Any]] {
        let rows: [(String, String?)] = [
            ("manufacturer", device.manufacturer), ("model", device.model), ("serial", device.serialNumber),
            ("mac", device.macAddress), ("address", device.address), ("firmware", device.firmware),
            ("sys_object_id", device.sysObjectID), ("description", device.description), ("location", device.location),
            ("inventory_number", device.inventoryNumber),
        ]
        return rows.compactMap { key, value in
            guard let value, !value.isEmpty else { return nil }
            return ["label": request.text("devices.show.\(key)"), "value": value]
        }
    }

    /// A translated word for a known name (`devices.<group>.<name>`), else the name made readable.
    static func word(_ group: String, _ name: String, _ request: WebRequest) -> String {
        let key = "devices.\(group).\(name)"
        return request.catalog.contains(key) ? request.text(key) : name.replacingOccurrences(of: "_", with: " ")
    }

    static func status(_ device: Device, _ reading: Reading?, _ request: WebRequest) -> [String: Any] {
        var values: [String: Any] = [
            "word": request.text("devices.status.\(device.status)"), "class": "status-\(device.status)",
            "flags": (reading?.status.errors ?? []).map { word("flags", $0, request) },
        ]
        values["hasFlags"] = !(reading?.status.errors ?? []).isEmpty
        if let state = reading?.status.device { values["device"] = word("hr_device", state, request) }
        if let state = reading?.status.printer { values["printer"] = word("hr_printer", state, request) }
        if let at = device.latestReadingAt {
            values["reading"] = ["relative": WebDates.relative(at, request), "absolute": WebDates.dateTime(at, request),
                                 "machine": WebDates.machine(at)]
        }
        return values
    }

    static func supplies(_ reading: Reading?, _ request: WebRequest) -> [[String: Any]] {
        (reading?.supplies ?? []).map { supply in
            var bar = DeviceGauges.bar(color: supply.color, kind: supply.type, percent: SupplyGauge.wholePercent(supply.percent),
                                       state: supply.state.rawValue, width: 160, request)
            bar["description"] = supply.description ?? bar["name"] ?? ""
            bar["state"] = DeviceGauges.stateText(supply.state.rawValue, request)
            if let kind = supply.type { bar["kind"] = word("kinds", kind, request) }
            if supply.supplyClass == "receptacle" { bar["receptacle"] = true }
            if let serial = supply.serialNumber, !serial.isEmpty { bar["serial"] = serial }
            if let level = supply.level, let capacity = supply.maxCapacity, level >= 0, capacity > 0 {
                bar["amount"] = request.text("devices.show.amount", ["level": String(level), "max": String(capacity)])
            }
            return bar
        }
    }

    static func counters(_ reading: Reading?, _ request: WebRequest) -> [[String: Any]] {
        guard let counters = reading?.counters else { return [] }
        let rows: [(String, Int64?)] = [
            ("total", counters.total), ("mono", counters.mono), ("color", counters.color), ("print", counters.print),
            ("copy", counters.copy), ("fax", counters.fax), ("scan", counters.scan),
        ]
        return rows.compactMap { name, value in
            value.map { ["label": request.text("devices.counters.\(name)"), "value": $0.formatted(.number.grouping(.automatic))] }
        }
    }

    static func trays(_ reading: Reading?, _ request: WebRequest) -> [[String: Any]] {
        (reading?.trays ?? []).map { tray in
            var row: [String: Any] = [
                "name": tray.name ?? tray.index, "state": DeviceGauges.stateText(tray.state.rawValue, request),
                "type": tray.type.map { word("trays", $0, request) } ?? request.text("common.none"),
                "media": tray.media ?? request.text("common.none"),
            ]
            if let level = tray.level, let capacity = tray.maxCapacity, level >= 0, capacity > 0 {
                row["amount"] = request.text("devices.show.amount", ["level": String(level), "max": String(capacity)])
            } else {
                row["amount"] = request.text("common.none")
            }
            return row
        }
    }

    static func alerts(_ alerts: [DeviceAlert], _ request: WebRequest) -> [[String: Any]] {
        alerts.map { alert in
            var row: [String: Any] = [
                "severity": AlertRows.severityText(alert.severity, request), "severityClass": "severity-\(alert.severity)",
                "code": AlertRows.codeText(alert.code, request),
                "opened": WebDates.dateTime(alert.openedAt, request), "openedMachine": WebDates.machine(alert.openedAt),
                "isOpen": alert.clearedAt == nil,
            ]
            if let description = alert.description, !description.isEmpty { row["description"] = description }
            if let cleared = alert.clearedAt {
                row["cleared"] = WebDates.dateTime(cleared, request)
                row["clearedMachine"] = WebDates.machine(cleared)
            } else if alert.acknowledgedAt != nil {
                row["acknowledged"] = true
            }
            return row
        }
    }

    /// The latest reading pretty-printed for support (keys sorted), or nil.
    static func raw(_ json: String?) -> String? {
        guard let json, let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return json }
        return String(decoding: data, as: UTF8.self)
    }
}

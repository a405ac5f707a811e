import FleetCore
import Foundation
import Store

/// GET /devices/:id: one device — identity and the user's fields, status and flags, supplies,
/// counters with page-volume charts, supply history, alerts, trays and the raw reading. A device
/// outside the user's reach is answered 404, exactly like one that does not exist.
enum DeviceShow {
    static let historyDays = 90

    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard let device = try await context.devices.find(id, scope: request.scope) else { return .notFound }
            return try await page(request, context, device: device)
        } catch {
            return StoreFailure.response(error, context, "showing a device")
        }
    }

    /// The page, optionally with the fields form re-shown as typed with its messages (422).
    static func page(_ request: WebRequest, _ context: WebContext, device: Device,
                     typed: (fields: DeviceFields, rows: [(name: String, value: String)])? = nil,
                     errors: [String: String] = [:]) async throws -> WebResponse {
        let scope = request.scope
        let days = try await context.devices.pageVolume(of: device.id, unit: "day", count: 30, timeZone: request.timeZone, scope: scope) ?? []
        let months = try await context.devices.pageVolume(of: device.id, unit: "month", count: 12, timeZone: request.timeZone, scope: scope) ?? []
        let history = try await context.devices.supplyHistory(of: device.id, days: historyDays, scope: scope)
        let alerts = try await context.devices.alerts(of: device.id, scope: scope)
        let reading = device.latestReadingJSON.flatMap { try? JSONDecoder().decode(Reading.self, from: Data($0.utf8)) }

        let supplies = DeviceDetails.supplies(reading, request)
        let counters = DeviceDetails.counters(reading, request)
        let trays = DeviceDetails.trays(reading, request)
        let alertRows = DeviceDetails.alerts(alerts, request)
        let lines = DeviceCharts.supplyLines(history, days: historyDays, request)
        var values: [String: Any] = [
            "device": ["name": device.model ?? device.address, "manufacturer": device.manufacturer ?? "", "address": device.address],
            "identity": DeviceDetails.identity(device, request),
            "status": DeviceDetails.status(device, reading, request),
            "supplies": supplies, "hasSupplies": !supplies.isEmpty,
            "counters": counters, "hasCounters": !counters.isEmpty,
            "daily": DeviceCharts.volume(days, month: false, request),
            "monthly": DeviceCharts.volume(months, month: true, request),
            "lines": lines, "hasLines": !lines.isEmpty,
            "alerts": alertRows, "hasAlerts": !alertRows.isEmpty,
            "trays": trays, "hasTrays": !trays.isEmpty,
            "userFields": userFields(device, request),
            "canManage": request.canManage,
        ]
        if let raw = DeviceDetails.raw(device.latestReadingJSON) { values["raw"] = raw }
        values["title"] = device.model ?? device.address
        if request.canManage { values["form"] = DeviceFieldsForm.values(device, request, typed: typed, errors: errors) }
        if !errors.isEmpty { values["formError"] = request.text("validation.form_invalid") }
        return .page(.deviceShow, title: "devices.show.title", values: values, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    /// The user's own fields as shown to everyone (the form is for managers).
    static func userFields(_ device: Device, _ request: WebRequest) -> [[String: Any]] {
        var rows: [[String: Any]] = []
        if let asset = device.assetNumber { rows.append(["label": request.text("devices.fields.asset_number"), "value": asset]) }
        if let note = device.locationNote { rows.append(["label": request.text("devices.fields.location_note"), "value": note]) }
        for (name, value) in device.customFields.sorted(by: { $0.key < $1.key }) { rows.append(["label": name, "value": value]) }
        return rows
    }
}

import FleetCore
import Foundation
import Store

/// GET /devices: the devices within reach, filtered, sorted and paged on the server (a GET form, so
/// it works without JavaScript and every view has a link of its own).
enum DeviceList {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        let filters = DeviceListFilters(request)
        do {
            let result = try await context.devices.listPage(filters.query, scope: request.scope)
            let now = Date()
            let rows = result.rows.map { row(request, $0, now: now) }
            var values: [String: Any] = [
                "devices": rows, "hasDevices": !rows.isEmpty,
                "count": request.text("devices.list.count", ["n": String(result.total)]),
                "filters": form(request, filters, result),
                "columns": [
                    "status": filters.sortLink(.status, request, label: request.text("devices.list.status")),
                    "name": filters.sortLink(.name, request, label: request.text("devices.list.name")),
                    "address": filters.sortLink(.address, request, label: request.text("devices.list.address")),
                    "supply": filters.sortLink(.supply, request, label: request.text("devices.list.supplies")),
                    "reading": filters.sortLink(.reading, request, label: request.text("devices.list.last_reading")),
                ],
                "pages": filters.pages(total: result.total, pageSize: filters.query.pageSize, request),
            ]
            if filters.values.keys.contains(where: { $0 != "sort" && $0 != "order" && $0 != "page" }) { values["filtered"] = true }
            return .page(.deviceList, title: "devices.title", values: values)
        } catch {
            return StoreFailure.response(error, context, "listing devices")
        }
    }

    static func row(_ request: WebRequest, _ device: DeviceListRow, now: Date) -> [String: Any] {
        var row: [String: Any] = [
            "href": "/devices/\(device.id)", "status": request.text("devices.status.\(device.status)"),
            "statusClass": "status-\(device.status)",
            "name": device.model ?? device.address, "address": device.address,
            "gauges": DeviceGauges.listBars(device.supplyGauges, request),
        ]
        if let manufacturer = device.manufacturer { row["manufacturer"] = manufacturer }
        if let location = device.location, !location.isEmpty { row["location"] = location }
        if let asset = device.assetNumber { row["asset"] = asset }
        if let at = device.latestReadingAt {
            row["reading"] = ["relative": WebDates.relative(at, request, now: now), "absolute": WebDates.dateTime(at, request),
                              "machine": WebDates.machine(at)]
        }
        return row
    }

    /// The filter form's fields; the choices are the organization's own values.
    static func form(_ request: WebRequest, _ filters: DeviceListFilters, _ page: DeviceListPage) -> [String: Any] {
        let any = request.text("devices.list.any")
        func choices(_ values: [String]) -> [(value: String, label: String)] { [("", any)] + values.map { ($0, $0) } }
        let statuses = [("", any)] + DeviceHealth.statuses.map { ($0, request.text("devices.status.\($0)")) }
        let sorts = DeviceSort.allCases.map { ($0.rawValue, request.text("devices.list.sort_\($0.rawValue)")) }
        return [
            "search": FormFields.input("q", label: request.text("devices.list.search"), type: "search", value: filters.values["q"],
                                       hint: request.text("devices.list.search_hint"), required: false, maxLength: 200),
            "selects": [
                FormFields.select("status", label: request.text("devices.list.status"), options: statuses, selected: filters.values["status"]),
                FormFields.select("manufacturer", label: request.text("devices.list.manufacturer"), options: choices(page.manufacturers),
                                  selected: filters.values["manufacturer"]),
                FormFields.select("model", label: request.text("devices.list.model"), options: choices(page.models),
                                  selected: filters.values["model"]),
                FormFields.select("location", label: request.text("devices.list.location"), options: choices(page.locations),
                                  selected: filters.values["location"]),
                FormFields.select("range", label: request.text("devices.list.range"),
                                  options: [("", any)] + page.ranges.map { (String($0.id), $0.name) }, selected: filters.values["range"]),
                FormFields.select("sort", label: request.text("devices.list.sort"), options: sorts,
                                  selected: filters.query.sort.rawValue),
                FormFields.select("order", label: request.text("devices.list.order"),
                                  options: [("desc", request.text("devices.list.desc")), ("asc", request.text("devices.list.asc"))],
                                  selected: filters.query.descending ? "desc" : "asc"),
            ],
            "low": filters.query.lowOnly,
        ]
    }
}

import FleetCore
import Store

/// The device list's query string, both ways: read into a `DeviceListQuery` (unknown values are
/// ignored, never an error) and written back into links that keep the filters (sorting, pages).
struct DeviceListFilters {
    var values: [String: String] = [:]
    let query: DeviceListQuery

    static let names = ["status", "manufacturer", "model", "location", "range", "q", "low", "sort", "order", "page"]

    init(_ request: WebRequest) {
        for item in request.http.queryItems where Self.names.contains(item.name) && values[item.name] == nil {
            let text = item.value.trimmingCharacters(in: .whitespaces)
            if !text.isEmpty { values[item.name] = String(text.prefix(200)) }
        }
        var query = DeviceListQuery()
        query.status = values["status"].flatMap { DeviceHealth.statuses.contains($0) ? $0 : nil }
        query.manufacturer = values["manufacturer"]
        query.model = values["model"]
        query.location = values["location"]
        query.rangeID = values["range"].flatMap { Int64($0) }
        query.search = values["q"]
        query.lowOnly = values["low"] == "1"
        if let sort = values["sort"].flatMap(DeviceSort.init(rawValue:)) {
            query.sort = sort
            query.descending = values["order"] == "desc"
        }
        query.page = values["page"].flatMap { Int($0) }.map { max(1, min($0, 100_000)) } ?? 1
        self.query = query
    }

    /// `/devices?…` with these filters, `changes` applied (nil removes a name).
    func link(_ changes: [String: String?] = [:]) -> String {
        var merged = values
        for (name, value) in changes { merged[name] = value }
        let items = Self.names.compactMap { name in merged[name].map { "\(name)=\(PercentEncoding.encode($0))" } }
        return items.isEmpty ? "/devices" : "/devices?" + items.joined(separator: "&")
    }

    /// The sortable column headers' links: a second click reverses the order.
    func sortLink(_ sort: DeviceSort, _ request: WebRequest, label: String) -> [String: Any] {
        let active = query.sort == sort && values["sort"] != nil || (values["sort"] == nil && sort == .status)
        let nextOrder = active ? (query.descending ? "asc" : "desc") : (sort == .status || sort == .reading ? "desc" : "asc")
        var link: [String: Any] = ["label": label, "href": self.link(["sort": sort.rawValue, "order": nextOrder, "page": nil])]
        if active { link["ariaSort"] = query.descending ? "descending" : "ascending"; link["arrow"] = query.descending ? "▼" : "▲" }
        return link
    }

    /// Page links around the current page: first, previous, a window, next, last.
    func pages(total: Int, pageSize: Int, _ request: WebRequest) -> [String: Any] {
        let count = max(1, (total + pageSize - 1) / pageSize)
        let current = min(query.page, count)
        var numbers = Set([1, count])
        for page in max(1, current - 2)...min(count, current + 2) { numbers.insert(page) }
        var items: [[String: Any]] = []
        var previous = 0
        for page in numbers.sorted() {
            if page > previous + 1 { items.append(["gap": true]) }
            items.append(["number": String(page), "href": link(["page": String(page)]), "current": page == current])
            previous = page
        }
        var result: [String: Any] = [
            "items": items, "many": count > 1,
            "summary": request.text("devices.list.page_of", ["page": String(current), "pages": String(count)]),
        ]
        if current > 1 { result["previous"] = link(["page": String(current - 1)]) }
        if current < count { result["next"] = link(["page": String(current + 1)]) }
        return result
    }
}

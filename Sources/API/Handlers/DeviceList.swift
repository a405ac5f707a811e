import HTTPServer
import Store

/// GET /api/v1/devices?q=&organization_id=&agent_id=&manufacturer=&online=&limit=&after= : a page of
/// devices in id order; `next` is the URL of the following page, or null on the last one.
enum DeviceList {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        var query = DeviceQuery()
        var errors: [FieldError] = []
        func int64(_ name: String) -> Int64? {
            guard let text = request.query(name) else { return nil }
            guard let value = Int64(text), value >= 0 else { errors.append(FieldError(name, "\(name).invalid")); return nil }
            return value
        }
        query.search = request.query("q").flatMap { $0.isEmpty ? nil : String($0.prefix(100)) }
        query.organizationID = int64("organization_id")
        query.agentID = int64("agent_id")
        query.manufacturer = request.query("manufacturer").flatMap { $0.isEmpty ? nil : $0 }
        query.afterID = int64("after")
        if let limit = int64("limit") {
            if (1...1000).contains(limit) { query.limit = Int(limit) } else { errors.append(FieldError("limit", "limit.invalid")) }
        }
        switch request.query("online") {
        case nil: break
        case "true"?: query.isOnline = true
        case "false"?: query.isOnline = false
        default: errors.append(FieldError("online", "online.invalid"))
        }
        guard errors.isEmpty else { return APIResponse.invalid(errors) }
        do {
            let (devices, hasMore) = try await context.devices.list(query, scope: request.scope)
            var next: Any = JSON.orNull(nil)
            if hasMore, let last = devices.last {
                let kept = request.http.queryItems.filter { $0.name != "after" }
                    .map { "\(Query.escape($0.name))=\(Query.escape($0.value))" }
                next = "/api/v1/devices?" + (kept + ["after=\(last.id)"]).joined(separator: "&")
            }
            return APIResponse.ok(["items": devices.map(Representation.device), "next": next])
        } catch {
            return APIResponse.storeFailure(error, context, "listing devices")
        }
    }
}

/// Query-string escaping for the `next` links.
enum Query {
    static func escape(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                result.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return result
    }
}

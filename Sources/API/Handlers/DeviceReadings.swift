import Foundation
import HTTPServer
import Store

/// GET /api/v1/devices/{id}/readings?from=&to=&limit= : the device's readings, oldest first; `from`
/// and `to` are RFC 3339 times (from inclusive, to exclusive).
enum DeviceReadings {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard let id = request.id() else { return APIResponse.notFound }
        var errors: [FieldError] = []
        func date(_ name: String) -> Date? {
            guard let text = request.query(name) else { return nil }
            guard let value = JSON.parseDate(text) else { errors.append(FieldError(name, "\(name).invalid")); return nil }
            return value
        }
        let from = date("from"), to = date("to")
        var limit = 1000
        if let text = request.query("limit") {
            if let value = Int(text), (1...10_000).contains(value) { limit = value } else { errors.append(FieldError("limit", "limit.invalid")) }
        }
        guard errors.isEmpty else { return APIResponse.invalid(errors) }
        do {
            guard let readings = try await context.devices.readings(of: id, from: from, to: to, limit: limit, scope: request.scope)
            else { return APIResponse.notFound }
            return APIResponse.ok(["items": readings.map(Representation.reading)])
        } catch {
            return APIResponse.storeFailure(error, context, "listing readings")
        }
    }
}

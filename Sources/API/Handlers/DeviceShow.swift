import HTTPServer
import Store

/// GET /api/v1/devices/{id}: identity and `latest_reading` (PRODUCT.md's reading object).
enum DeviceShow {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard let id = request.id() else { return APIResponse.notFound }
        do {
            guard let device = try await context.devices.find(id, scope: request.scope) else { return APIResponse.notFound }
            var object = Representation.device(device)
            if object["latest_reading"] == nil { object["latest_reading"] = JSON.orNull(nil) }
            return APIResponse.ok(object)
        } catch {
            return APIResponse.storeFailure(error, context, "reading a device")
        }
    }
}

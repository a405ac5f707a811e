import HTTPServer
import Store

/// GET /api/v1/address-ranges/{id}.
enum AddressRangeShow {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard let id = request.id() else { return APIResponse.notFound }
        do {
            guard let range = try await context.ranges.find(id, scope: request.scope) else { return APIResponse.notFound }
            return APIResponse.ok(Representation.addressRange(range))
        } catch {
            return APIResponse.storeFailure(error, context, "reading an address range")
        }
    }
}

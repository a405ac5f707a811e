import HTTPServer
import Store

/// DELETE /api/v1/address-ranges/{id} → 204. Its schedules go with it; devices found through it stay.
enum AddressRangeDelete {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard let id = request.id() else { return APIResponse.notFound }
        do {
            guard try await context.ranges.find(id, scope: request.scope) != nil else { return APIResponse.notFound }
            guard request.scope.role.canManage else { return APIResponse.forbidden }
            return try await context.ranges.delete(id, scope: request.scope) ? APIResponse.noContent : APIResponse.notFound
        } catch {
            return APIResponse.storeFailure(error, context, "deleting an address range")
        }
    }
}

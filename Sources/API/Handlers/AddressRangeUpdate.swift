import HTTPServer
import Store

/// PATCH /api/v1/address-ranges/{id}: changes the fields given. Managers and admins.
enum AddressRangeUpdate {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard let id = request.id() else { return APIResponse.notFound }
        guard var body = JSONBody(request.http.body) else { return APIResponse.badJSON }
        do {
            guard let existing = try await context.ranges.find(id, scope: request.scope) else { return APIResponse.notFound }
            guard request.scope.role.canManage else { return APIResponse.forbidden }
            let draft = AddressRangeBody.draft(&body, base: existing)
            guard body.problems.isEmpty else { return APIResponse.invalid(body.problems.map { FieldError($0.field, $0.code) }) }
            switch try await context.ranges.update(id, draft, scope: request.scope) {
            case nil: return APIResponse.notFound
            case .invalid(let errors)?: return APIResponse.invalid(errors)
            case .saved(let range)?: return APIResponse.ok(Representation.addressRange(range))
            }
        } catch {
            return APIResponse.storeFailure(error, context, "updating an address range")
        }
    }
}

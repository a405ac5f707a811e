import HTTPServer
import Store

/// POST /api/v1/address-ranges: a range for one of the caller's agents. Managers and admins.
enum AddressRangeCreate {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard var body = JSONBody(request.http.body) else { return APIResponse.badJSON }
        let draft = AddressRangeBody.draft(&body, base: nil)
        guard body.problems.isEmpty else { return APIResponse.invalid(body.problems.map { FieldError($0.field, $0.code) }) }
        guard request.scope.role.canManage else { return APIResponse.forbidden }
        do {
            switch try await context.ranges.create(draft, scope: request.scope) {
            case .invalid(let errors): return APIResponse.invalid(errors)
            case .saved(let range):
                return APIResponse.created(Representation.addressRange(range), location: "/api/v1/address-ranges/\(range.id)")
            }
        } catch {
            return APIResponse.storeFailure(error, context, "creating an address range")
        }
    }
}

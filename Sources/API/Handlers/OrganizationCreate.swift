import HTTPServer
import Store

/// POST /api/v1/organizations `{"name", "parent_id"?, "time_zone"?, "language"?}`: a customer below
/// the caller's organization (or below `parent_id`, within reach). Admins only.
enum OrganizationCreate {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard var body = JSONBody(request.http.body) else { return APIResponse.badJSON }
        let draft = OrganizationDraft(name: body.string("name") ?? "", timeZone: body.string("time_zone") ?? "UTC",
                                      language: body.string("language") ?? "en")
        let parentID = body.int("parent_id").map(Int64.init) ?? request.scope.homeOrganizationID
        guard body.problems.isEmpty else { return APIResponse.invalid(body.problems.map { FieldError($0.field, $0.code) }) }
        guard request.scope.role.canAdminister else { return APIResponse.forbidden }
        guard request.scope.contains(parentID) else { return APIResponse.invalid([FieldError("parent_id", "parent_id.invalid")]) }
        do {
            switch try await context.organizations.create(draft, parentID: parentID, scope: request.scope) {
            case .invalid(let errors): return APIResponse.invalid(errors)
            case .saved(let organization):
                return APIResponse.created(Representation.organization(organization), location: "/api/v1/organizations/\(organization.id)")
            }
        } catch {
            return APIResponse.storeFailure(error, context, "creating an organization")
        }
    }
}

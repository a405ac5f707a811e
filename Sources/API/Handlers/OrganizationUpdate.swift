import HTTPServer
import Store

/// PATCH /api/v1/organizations/{id} `{"name"?, "time_zone"?, "language"?}`: changes the fields given
/// of an organization within reach. Admins only.
enum OrganizationUpdate {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard let id = request.id() else { return APIResponse.notFound }
        guard var body = JSONBody(request.http.body) else { return APIResponse.badJSON }
        do {
            guard let existing = try await context.organizations.find(id, scope: request.scope) else { return APIResponse.notFound }
            guard request.scope.role.canAdminister else { return APIResponse.forbidden }
            let draft = OrganizationDraft(name: body.string("name") ?? existing.name, timeZone: body.string("time_zone") ?? existing.timeZone,
                                          language: body.string("language") ?? existing.language)
            guard body.problems.isEmpty else { return APIResponse.invalid(body.problems.map { FieldError($0.field, $0.code) }) }
            switch try await context.organizations.update(id, draft, scope: request.scope) {
            case nil: return APIResponse.notFound
            case .invalid(let errors)?: return APIResponse.invalid(errors)
            case .saved(let organization)?: return APIResponse.ok(Representation.organization(organization))
            }
        } catch {
            return APIResponse.storeFailure(error, context, "updating an organization")
        }
    }
}

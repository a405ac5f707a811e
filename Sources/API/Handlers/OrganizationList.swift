import HTTPServer
import Store

/// GET /api/v1/organizations: the caller's organization and every one below it.
enum OrganizationList {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        do {
            let organizations = try await context.organizations.list(scope: request.scope)
            return APIResponse.ok(Representation.list(organizations.map(Representation.organization)))
        } catch {
            return APIResponse.storeFailure(error, context, "listing organizations")
        }
    }
}

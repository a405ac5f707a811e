import HTTPServer
import Store

/// GET /api/v1/organizations/{id}: one organization within reach (404 for anything else).
enum OrganizationShow {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard let id = request.id() else { return APIResponse.notFound }
        do {
            guard let organization = try await context.organizations.find(id, scope: request.scope) else { return APIResponse.notFound }
            return APIResponse.ok(Representation.organization(organization))
        } catch {
            return APIResponse.storeFailure(error, context, "reading an organization")
        }
    }
}

import HTTPServer
import Store

/// GET /api/v1/users/{id}: a user within reach (admins), or the caller themselves; 404 otherwise.
enum UserShow {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard let id = request.id(), request.scope.role.canAdminister || id == request.scope.userID else { return APIResponse.notFound }
        do {
            guard let user = try await context.users.find(id, scope: request.scope) else { return APIResponse.notFound }
            return APIResponse.ok(Representation.user(user))
        } catch {
            return APIResponse.storeFailure(error, context, "reading a user")
        }
    }
}

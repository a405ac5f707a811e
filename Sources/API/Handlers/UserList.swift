import HTTPServer
import Store

/// GET /api/v1/users[?organization_id=N]: users within reach. Admins only (others see only themselves).
enum UserList {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard request.scope.role.canAdminister else { return APIResponse.ok(Representation.list([Representation.user(request.user)])) }
        var organizationID: Int64?
        if let text = request.query("organization_id") {
            guard let id = Int64(text) else { return APIResponse.invalid([FieldError("organization_id", "organization_id.invalid")]) }
            organizationID = id
        }
        do {
            let users = try await context.users.list(scope: request.scope, organizationID: organizationID)
            return APIResponse.ok(Representation.list(users.map(Representation.user)))
        } catch {
            return APIResponse.storeFailure(error, context, "listing users")
        }
    }
}

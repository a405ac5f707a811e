import Foundation
import HTTPServer
import Store

/// PATCH /api/v1/users/{id} `{"display_name"?, "role"?, "language"? (null: none), "is_active"?}`:
/// changes the fields given of a user within reach. Admins only; deactivating ends the user's sessions
/// and revokes their API tokens at once; an admin cannot demote or deactivate themselves.
enum UserUpdate {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard let id = request.id(), request.scope.role.canAdminister || id == request.scope.userID else { return APIResponse.notFound }
        guard var body = JSONBody(request.http.body) else { return APIResponse.badJSON }
        do {
            guard let existing = try await context.users.find(id, scope: request.scope) else { return APIResponse.notFound }
            guard request.scope.role.canAdminister else { return APIResponse.forbidden }
            var role = existing.role
            if let text = body.string("role") {
                if let given = Role(rawValue: text) { role = given } else { body.fail("role") }
            }
            // "language": null clears it (the browser's, then the organization's, decides); absent keeps it.
            let language = body.object["language"] is NSNull ? nil : body.string("language") ?? existing.language
            let displayName = body.string("display_name") ?? existing.displayName
            let isActive = body.bool("is_active") ?? existing.isActive
            guard body.problems.isEmpty else { return APIResponse.invalid(body.problems.map { FieldError($0.field, $0.code) }) }
            switch try await context.users.update(id, displayName: displayName, role: role, language: language, isActive: isActive,
                                                  scope: request.scope) {
            case nil: return APIResponse.notFound
            case .invalid(let errors)?: return APIResponse.invalid(errors)
            case .saved(let user)?: return APIResponse.ok(Representation.user(user))
            }
        } catch {
            return APIResponse.storeFailure(error, context, "updating a user")
        }
    }
}

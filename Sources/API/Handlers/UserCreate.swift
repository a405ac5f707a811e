import Foundation
import HTTPServer
import Secrets
import Store

/// POST /api/v1/users `{"email", "password", "role", "organization_id"?, "display_name"?, "language"?}`.
/// Admins only; the organization must be within reach. The password is hashed off the event loop.
enum UserCreate {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard var body = JSONBody(request.http.body) else { return APIResponse.badJSON }
        let password = body.string("password") ?? ""
        let roleText = body.string("role") ?? ""
        let organizationID = body.int("organization_id").map(Int64.init) ?? request.scope.homeOrganizationID
        let draft = UserDraft(email: (body.string("email") ?? "").trimmingCharacters(in: .whitespaces),
                              displayName: body.string("display_name") ?? "", role: Role(rawValue: roleText),
                              language: body.string("language"), organizationID: organizationID)
        guard body.problems.isEmpty else { return APIResponse.invalid(body.problems.map { FieldError($0.field, $0.code) }) }
        guard request.scope.role.canAdminister else { return APIResponse.forbidden }
        var errors = draft.validate(password: password)
        if !request.scope.contains(organizationID) { errors.append(FieldError("organization_id", "organization_id.invalid")) }
        guard errors.isEmpty else { return APIResponse.invalid(errors) }
        let hash = await PasswordWork.hash(password, with: context.hasher)
        do {
            switch try await context.users.create(draft, passwordHash: hash, scope: request.scope) {
            case .invalid(let problems): return APIResponse.invalid(problems)
            case .saved(let user): return APIResponse.created(Representation.user(user), location: "/api/v1/users/\(user.id)")
            }
        } catch {
            return APIResponse.storeFailure(error, context, "creating a user")
        }
    }
}

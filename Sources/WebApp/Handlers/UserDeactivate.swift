import Store

/// POST /users/:id/deactivate: with `active=false` the user can no longer sign in and their sessions
/// and API tokens end (in one transaction, in the Store); `active=true` lets them back in.
enum UserDeactivate {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        guard let active = ["true": true, "false": false][request.form.trimmed("active")] else { return .badRequest }
        do {
            guard let user = try await context.users.find(id, scope: request.scope) else { return .notFound }
            let result = try await context.users.update(id, displayName: user.displayName, role: user.role,
                                                         language: user.language, isActive: active, scope: request.scope)
            switch result {
            case nil: return .notFound
            case .saved?: return .redirect(to: "/users", flash: active ? "users.activated" : "users.deactivated")
            case .invalid(let problems)?:
                return try await UserEdit.page(request, context, user: user, errors: FieldMessages(problems, request: request))
            }
        } catch {
            return StoreFailure.response(error, context, "changing whether a user is active")
        }
    }
}

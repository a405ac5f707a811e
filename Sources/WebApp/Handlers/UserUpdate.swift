import Store

/// POST /users/:id/update: saves name and role. Bad input re-shows the page with messages; an admin
/// cannot take away their own admin role (the Store refuses it).
enum UserUpdate {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard let user = try await context.users.find(id, scope: request.scope) else { return .notFound }
            guard let role = Role(rawValue: request.form.trimmed("role")) else {
                var errors = FieldMessages()
                errors.add("role", code: "role.invalid", request: request)
                return try await UserEdit.page(request, context, user: user, values: request.form, errors: errors)
            }
            let result = try await context.users.update(id, displayName: request.form.trimmed("display_name"), role: role,
                                                         language: user.language, isActive: user.isActive, scope: request.scope)
            switch result {
            case nil: return .notFound
            case .saved?: return .redirect(to: "/users", flash: "users.updated")
            case .invalid(let problems)?:
                return try await UserEdit.page(request, context, user: user, values: request.form,
                                               errors: FieldMessages(problems, request: request))
            }
        } catch {
            return StoreFailure.response(error, context, "updating a user")
        }
    }
}

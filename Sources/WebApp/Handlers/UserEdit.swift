import Store

/// GET /users/:id/edit: name and role, a password reset and (de)activation for one user within reach.
/// A user outside the admin's reach is answered exactly like one that does not exist.
enum UserEdit {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard let user = try await context.users.find(id, scope: request.scope) else { return .notFound }
            return try await page(request, context, user: user)
        } catch {
            return StoreFailure.response(error, context, "showing a user")
        }
    }

    /// The edit page, optionally re-shown with the typed values and errors of one of its forms.
    static func page(_ request: WebRequest, _ context: WebContext, user: Store.User, values: FormData? = nil,
                     errors: FieldMessages = FieldMessages(), resetErrors: FieldMessages = FieldMessages()) async throws -> WebResponse {
        let organization = try await context.organizations.find(user.organizationID, scope: request.scope)
        var page = UserForms.edit(request, user: user, organizationName: organization?.name ?? "", values: values,
                                  errors: errors, resetErrors: resetErrors)
        let invalid = !errors.isEmpty || !resetErrors.isEmpty
        if invalid { page["formError"] = request.text("validation.form_invalid") }
        return .page(.userEdit, title: "users.edit_title", values: page, status: invalid ? .unprocessableContent : .ok)
    }
}

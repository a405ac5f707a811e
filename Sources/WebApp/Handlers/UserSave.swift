import Secrets
import Store

/// POST /users: creates the user from the new-user form. Any invalid field re-shows the form with
/// the message next to it and the input kept (never the password); nothing is stored.
enum UserSave {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        let form = request.form
        let password = form["password"] ?? ""
        let organizationID = Int64(form.trimmed("organization_id"))
        let draft = UserDraft(email: form.trimmed("email"), displayName: form.trimmed("display_name"),
                              role: Role(rawValue: form.trimmed("role")), organizationID: organizationID ?? 0)
        var errors = FieldMessages(draft.validate(password: password), request: request)
        if organizationID == nil || !request.scope.contains(organizationID ?? 0) {
            errors.add("organization_id", code: "organization.invalid", request: request)
        }
        do {
            guard errors.isEmpty else { return try await invalid(request, context, errors) }
            let hash = await PasswordWork.hash(password, with: context.hasher)
            switch try await context.users.create(draft, passwordHash: hash, scope: request.scope) {
            case .saved: return .redirect(to: "/users", flash: "users.created")
            case .invalid(let problems): return try await invalid(request, context, FieldMessages(problems, request: request))
            }
        } catch {
            return StoreFailure.response(error, context, "creating a user")
        }
    }

    private static func invalid(_ request: WebRequest, _ context: WebContext, _ errors: FieldMessages) async throws -> WebResponse {
        let organizations = try await context.organizations.list(scope: request.scope)
        return .page(.userForm, title: "users.create_title",
                     values: ["form": UserForms.create(request, organizations: organizations, values: request.form, errors: errors),
                              "formError": request.text("validation.form_invalid")],
                     status: .unprocessableContent)
    }
}

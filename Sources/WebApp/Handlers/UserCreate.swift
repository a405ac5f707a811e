/// GET /users/new: the form for a new user in any organization within the admin's reach.
enum UserCreate {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        do {
            let organizations = try await context.organizations.list(scope: request.scope)
            return .page(.userForm, title: "users.create_title",
                         values: ["form": UserForms.create(request, organizations: organizations, values: FormData([]))])
        } catch {
            return StoreFailure.response(error, context, "showing the new-user form")
        }
    }
}

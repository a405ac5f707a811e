/// GET /organizations/:id/edit: rename an organization within reach; others answer 404.
enum OrganizationEdit {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard let organization = try await context.organizations.find(id, scope: request.scope) else { return .notFound }
            return .page(.organizationForm, title: "organizations.edit_title",
                         values: ["form": OrganizationForms.edit(request, organization: organization, values: nil)])
        } catch {
            return StoreFailure.response(error, context, "showing an organization")
        }
    }
}

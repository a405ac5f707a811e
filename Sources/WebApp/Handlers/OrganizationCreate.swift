/// GET /organizations/new: the form for a customer organization below one within the admin's reach.
enum OrganizationCreate {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        do {
            let organizations = try await context.organizations.list(scope: request.scope)
            return .page(.organizationForm, title: "organizations.create_title",
                         values: ["form": OrganizationForms.create(request, organizations: organizations, values: FormData([]))])
        } catch {
            return StoreFailure.response(error, context, "showing the new-organization form")
        }
    }
}

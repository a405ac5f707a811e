import Store

/// POST /organizations/:id/update: saves the new name; bad input re-shows the form with the message.
enum OrganizationUpdate {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard let organization = try await context.organizations.find(id, scope: request.scope) else { return .notFound }
            let draft = OrganizationDraft(name: request.form.trimmed("name"), timeZone: organization.timeZone,
                                          language: organization.language)
            switch try await context.organizations.update(id, draft, scope: request.scope) {
            case nil: return .notFound
            case .saved?: return .redirect(to: "/organizations", flash: "organizations.updated")
            case .invalid(let problems)?:
                return .page(.organizationForm, title: "organizations.edit_title",
                             values: ["form": OrganizationForms.edit(request, organization: organization, values: request.form,
                                                                     errors: FieldMessages(problems, request: request)),
                                      "formError": request.text("validation.form_invalid")],
                             status: .unprocessableContent)
            }
        } catch {
            return StoreFailure.response(error, context, "updating an organization")
        }
    }
}

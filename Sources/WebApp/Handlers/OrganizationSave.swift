import Store

/// POST /organizations: creates a customer organization below the chosen parent, which must be
/// within reach. It takes its parent's time zone and language.
enum OrganizationSave {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        let name = request.form.trimmed("name")
        do {
            let organizations = try await context.organizations.list(scope: request.scope)
            guard let parentID = Int64(request.form.trimmed("parent_id")),
                  let parent = organizations.first(where: { $0.id == parentID }) else {
                var errors = FieldMessages()
                errors.add("parent_id", code: "organization.invalid", request: request)
                return invalid(request, organizations, errors)
            }
            let draft = OrganizationDraft(name: name, timeZone: parent.timeZone, language: parent.language)
            switch try await context.organizations.create(draft, parentID: parentID, scope: request.scope) {
            case .saved: return .redirect(to: "/organizations", flash: "organizations.created")
            case .invalid(let problems): return invalid(request, organizations, FieldMessages(problems, request: request))
            }
        } catch {
            return StoreFailure.response(error, context, "creating an organization")
        }
    }

    private static func invalid(_ request: WebRequest, _ organizations: [Organization], _ errors: FieldMessages) -> WebResponse {
        .page(.organizationForm, title: "organizations.create_title",
              values: ["form": OrganizationForms.create(request, organizations: organizations, values: request.form, errors: errors),
                       "formError": request.text("validation.form_invalid")],
              status: .unprocessableContent)
    }
}

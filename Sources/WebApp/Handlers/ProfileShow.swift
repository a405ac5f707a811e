import Store

/// GET /profile: who the user is, a form to change their own password and their language choice.
enum ProfileShow {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        do {
            return try await page(request, context)
        } catch {
            return StoreFailure.response(error, context, "showing the profile")
        }
    }

    /// The page, optionally re-shown with the password form's errors.
    static func page(_ request: WebRequest, _ context: WebContext,
                     passwordErrors: FieldMessages = FieldMessages()) async throws -> WebResponse {
        let user = request.session!.user
        let organization = try await context.organizations.find(user.organizationID, scope: request.scope)
        let hint = request.text("users.password_hint", ["min": String(Validate.minimumPasswordLength)])
        var values: [String: Any] = [
            "account": [
                "name": user.displayName.isEmpty ? request.text("common.none") : user.displayName, "email": user.email,
                "organization": organization?.name ?? "", "role": request.text("roles.\(user.role.rawValue)"),
            ],
            "password": ["fields": [
                FormFields.input("current_password", label: request.text("profile.current_password"), type: "password",
                                 error: passwordErrors["current_password"], autocomplete: "current-password"),
                FormFields.input("new_password", label: request.text("profile.new_password"), type: "password",
                                 error: passwordErrors["new_password"], hint: hint, autocomplete: "new-password"),
                FormFields.input("confirm_password", label: request.text("profile.confirm_password"), type: "password",
                                 error: passwordErrors["confirm_password"], autocomplete: "new-password"),
            ]],
            "language": ["fields": [
                FormFields.select("language", label: request.text("profile.language"),
                                  options: Choices.languages(request, automatic: request.text("profile.language_auto")),
                                  selected: user.language ?? ""),
            ]],
        ]
        if !passwordErrors.isEmpty { values["formError"] = request.text("validation.form_invalid") }
        return .page(.profile, title: "profile.title", values: values, status: passwordErrors.isEmpty ? .ok : .unprocessableContent)
    }
}

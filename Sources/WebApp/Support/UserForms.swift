import Store

/// The fields of the user pages, shared by the handlers that show them and those that re-show them
/// with errors. Values are what the user typed; passwords are never echoed.
enum UserForms {
    /// The new-user form.
    static func create(_ request: WebRequest, organizations: [Organization], values: FormData,
                       errors: FieldMessages = FieldMessages()) -> [String: Any] {
        let organization = values["organization_id"] ?? String(request.scope.homeOrganizationID)
        return [
            "action": "/users",
            "submit": request.text("common.save"),
            "cancel": "/users",
            "fields": [
                FormFields.input("display_name", label: request.text("users.name"), value: values["display_name"],
                                 error: errors["display_name"], autocomplete: "off", required: false, maxLength: 100),
                FormFields.input("email", label: request.text("users.email"), type: "email", value: values["email"],
                                 error: errors["email"], autocomplete: "off", maxLength: 254),
                FormFields.input("password", label: request.text("users.password"), type: "password",
                                 error: errors["password"],
                                 hint: request.text("users.password_hint", ["min": String(Validate.minimumPasswordLength)]),
                                 autocomplete: "new-password"),
                FormFields.select("role", label: request.text("users.role"), options: Choices.roles(request),
                                  selected: values["role"] ?? Role.viewer.rawValue, error: errors["role"],
                                  hint: request.text("roles.hint")),
                FormFields.select("organization_id", label: request.text("users.organization"),
                                  options: Choices.organizations(organizations), selected: organization,
                                  error: errors["organization_id"]),
            ],
        ]
    }

    /// The edit page: the main form (name, role), the password reset form and the status form.
    static func edit(_ request: WebRequest, user: User, organizationName: String, values: FormData? = nil,
                     errors: FieldMessages = FieldMessages(), resetErrors: FieldMessages = FieldMessages()) -> [String: Any] {
        [
            "subject": [
                "email": user.email, "organization": organizationName, "active": user.isActive,
                "isSelf": user.id == request.scope.userID, "statusAction": "/users/\(user.id)/deactivate",
            ] as [String: Any],
            "form": [
                "action": "/users/\(user.id)/update",
                "submit": request.text("common.save"),
                "cancel": "/users",
                "fields": [
                    FormFields.input("display_name", label: request.text("users.name"),
                                     value: values?["display_name"] ?? user.displayName, error: errors["display_name"],
                                     autocomplete: "off", required: false, maxLength: 100),
                    FormFields.select("role", label: request.text("users.role"), options: Choices.roles(request),
                                      selected: values?["role"] ?? user.role.rawValue, error: errors["role"],
                                      hint: request.text("roles.hint")),
                ],
            ] as [String: Any],
            "reset": [
                "action": "/users/\(user.id)/password",
                "fields": [
                    FormFields.input("new_password", label: request.text("profile.new_password"), type: "password",
                                     error: resetErrors["new_password"],
                                     hint: request.text("users.password_hint", ["min": String(Validate.minimumPasswordLength)]),
                                     autocomplete: "new-password"),
                ],
            ] as [String: Any],
        ]
    }
}

import Store

/// The fields of the organization pages (name, and the parent when creating).
enum OrganizationForms {
    static func create(_ request: WebRequest, organizations: [Organization], values: FormData,
                       errors: FieldMessages = FieldMessages()) -> [String: Any] {
        [
            "action": "/organizations",
            "submit": request.text("common.save"),
            "cancel": "/organizations",
            "fields": [
                FormFields.input("name", label: request.text("organizations.name"), value: values["name"],
                                 error: errors["name"], autocomplete: "organization", maxLength: 200),
                FormFields.select("parent_id", label: request.text("organizations.parent"),
                                  options: Choices.organizations(organizations),
                                  selected: values["parent_id"] ?? String(request.scope.homeOrganizationID),
                                  error: errors["parent_id"], hint: request.text("organizations.parent_hint")),
            ],
        ]
    }

    static func edit(_ request: WebRequest, organization: Organization, values: FormData?,
                     errors: FieldMessages = FieldMessages()) -> [String: Any] {
        [
            "action": "/organizations/\(organization.id)/update",
            "submit": request.text("common.save"),
            "cancel": "/organizations",
            "fields": [
                FormFields.input("name", label: request.text("organizations.name"), value: values?["name"] ?? organization.name,
                                 error: errors["name"], autocomplete: "organization", maxLength: 200),
            ],
        ]
    }
}

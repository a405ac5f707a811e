import Store

/// The settings page's forms (the organization's details, its logo) and its read-only summary.
enum SettingsForms {
    static func details(_ request: WebRequest, organization: Organization, values: FormData?,
                        errors: FieldMessages = FieldMessages()) -> [String: Any] {
        let zones = OrganizationSettings.timeZones.map { ($0, $0.replacingOccurrences(of: "_", with: " ")) }
        let languages = Language.allCases.map { ($0.rawValue, request.text("languages.\($0.rawValue)")) }
        return [
            "action": "/settings",
            "submit": request.text("common.save"),
            "fields": [
                FormFields.input("name", label: request.text("settings.name"), value: values?["name"] ?? organization.name,
                                 error: errors["name"], autocomplete: "organization", maxLength: 200),
                FormFields.select("time_zone", label: request.text("settings.time_zone"), options: zones,
                                  selected: values?["time_zone"] ?? organization.timeZone, error: errors["time_zone"],
                                  hint: request.text("settings.time_zone_hint")),
                FormFields.select("language", label: request.text("settings.language"), options: languages,
                                  selected: values?["language"] ?? organization.language, error: errors["language"],
                                  hint: request.text("settings.language_hint")),
                FormFields.input("accent_color", label: request.text("settings.accent_color"), type: "color",
                                 value: values?["accent_color"] ?? organization.accentColor, error: errors["accent_color"],
                                 hint: request.text("settings.accent_color_hint")),
                FormFields.input("low_supply_percent", label: request.text("settings.low_supply_percent"), type: "number",
                                 value: values?["low_supply_percent"] ?? String(organization.lowSupplyPercent),
                                 error: errors["low_supply_percent"], hint: request.text("settings.low_supply_percent_hint")),
                FormFields.input("agent_silence_minutes", label: request.text("settings.agent_silence_minutes"), type: "number",
                                 value: values?["agent_silence_minutes"] ?? String(organization.agentSilenceMinutes),
                                 error: errors["agent_silence_minutes"], hint: request.text("settings.agent_silence_minutes_hint")),
            ] as [[String: Any]],
        ]
    }

    /// The logo form: the file field (with its error) and, when there is one, the current logo.
    static func logo(_ request: WebRequest, organization: Organization, error: String? = nil) -> [String: Any] {
        var values: [String: Any] = ["action": "/settings/logo", "removeAction": "/settings/logo/remove"]
        if organization.hasLogo { values["current"] = "/organizations/\(organization.id)/logo" }
        if let error { values["error"] = error }
        return values
    }

    /// The settings as facts, for users who may read but not change them.
    static func summary(_ request: WebRequest, organization: Organization) -> [[String: Any]] {
        [
            ["label": request.text("settings.name"), "value": organization.name],
            ["label": request.text("settings.time_zone"), "value": organization.timeZone],
            ["label": request.text("settings.language"), "value": request.text("languages.\(organization.language)")],
            ["label": request.text("settings.accent_color"), "value": organization.accentColor],
            ["label": request.text("settings.low_supply_percent"), "value": "\(organization.lowSupplyPercent) %"],
            ["label": request.text("settings.agent_silence_minutes"), "value": String(organization.agentSilenceMinutes)],
        ]
    }

    /// The whole page: forms for admins, the summary for others.
    static func page(_ request: WebRequest, organization: Organization, values: FormData? = nil,
                     errors: FieldMessages = FieldMessages(), logoError: String? = nil) -> WebResponse {
        let isAdmin = request.session!.user.role.canAdminister
        var page: [String: Any] = ["canChange": isAdmin, "summary": summary(request, organization: organization)]
        if isAdmin {
            page["form"] = details(request, organization: organization, values: values, errors: errors)
            page["logo"] = logo(request, organization: organization, error: logoError)
        } else if organization.hasLogo {
            page["logo"] = ["current": "/organizations/\(organization.id)/logo"]
        }
        let invalid = !errors.isEmpty || logoError != nil
        if invalid { page["formError"] = request.text("validation.form_invalid") }
        return .page(.settingsShow, title: "settings.title", values: page, status: invalid ? .unprocessableContent : .ok)
    }
}

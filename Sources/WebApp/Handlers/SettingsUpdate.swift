import Store

/// POST /settings: saves name, time zone, language, accent colour and thresholds of the admin's own
/// organization. Any invalid field re-shows the page with its message; nothing is saved.
enum SettingsUpdate {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        let form = request.form
        let settings = OrganizationSettings(
            name: form.trimmed("name"), timeZone: form.trimmed("time_zone"), language: form.trimmed("language"),
            accentColor: form.trimmed("accent_color").lowercased(), lowSupplyPercent: Int(form.trimmed("low_supply_percent")),
            agentSilenceMinutes: Int(form.trimmed("agent_silence_minutes")))
        let home = request.scope.homeOrganizationID
        do {
            switch try await context.organizations.updateSettings(home, settings, scope: request.scope) {
            case nil: return .notFound
            case .saved?: return .redirect(to: "/settings", flash: "settings.saved")
            case .invalid(let problems)?:
                guard let organization = try await context.organizations.find(home, scope: request.scope) else { return .notFound }
                return SettingsForms.page(request, organization: organization, values: form,
                                          errors: FieldMessages(problems, request: request))
            }
        } catch {
            return StoreFailure.response(error, context, "saving the settings")
        }
    }
}

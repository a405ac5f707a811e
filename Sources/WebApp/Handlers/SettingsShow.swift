/// GET /settings: the signed-in user's organization's settings. Admins change them here; managers and
/// viewers see them read-only (and reach their own API tokens from here).
enum SettingsShow {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        do {
            let home = request.scope.homeOrganizationID
            guard let organization = try await context.organizations.find(home, scope: request.scope) else { return .notFound }
            return SettingsForms.page(request, organization: organization)
        } catch {
            return StoreFailure.response(error, context, "showing the settings")
        }
    }
}

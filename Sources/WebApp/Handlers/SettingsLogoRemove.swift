/// POST /settings/logo/remove: the layout shows the product name alone again.
enum SettingsLogoRemove {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        do {
            guard try await context.organizations.removeLogo(request.scope.homeOrganizationID, scope: request.scope) else {
                return .notFound
            }
            return .redirect(to: "/settings", flash: "settings.logo_removed")
        } catch {
            return StoreFailure.response(error, context, "removing a logo")
        }
    }
}

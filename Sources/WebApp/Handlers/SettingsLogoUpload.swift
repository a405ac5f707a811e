import Store

/// POST /settings/logo (multipart, at most 300 000 bytes in all): stores the organization's logo when
/// the file is a PNG, JPEG, GIF or WebP — judged by its first bytes, never by its name or the
/// browser's type — of at most 256 KiB. SVG is refused (it can carry script). Else the page says why
/// and nothing is stored.
enum SettingsLogoUpload {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        let home = request.scope.homeOrganizationID
        do {
            guard let organization = try await context.organizations.find(home, scope: request.scope) else { return .notFound }
            func refuse(_ key: String) -> WebResponse {
                SettingsForms.page(request, organization: organization, logoError: request.text(key))
            }
            guard let file = request.form.file("logo"), !file.bytes.isEmpty else { return refuse("settings.logo_missing") }
            guard file.bytes.count <= OrganizationLogo.maximumBytes else { return refuse("settings.logo_too_large") }
            guard OrganizationLogo.imageType(of: file.bytes) != nil else { return refuse("settings.logo_not_image") }
            guard try await context.organizations.setLogo(home, bytes: file.bytes, scope: request.scope) else { return .notFound }
            return .redirect(to: "/settings", flash: "settings.logo_saved")
        } catch {
            return StoreFailure.response(error, context, "storing a logo")
        }
    }
}

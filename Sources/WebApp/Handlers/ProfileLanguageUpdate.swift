/// POST /profile/language: the user's interface language, or empty to follow the browser.
enum ProfileLanguageUpdate {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        let choice = request.form.trimmed("language")
        guard choice.isEmpty || Language(rawValue: choice) != nil else { return .badRequest }
        do {
            switch try await context.users.setLanguage(choice.isEmpty ? nil : choice, scope: request.scope) {
            case .saved: return .redirect(to: "/profile", flash: "profile.language_changed")
            case .invalid: return .badRequest
            }
        } catch {
            return StoreFailure.response(error, context, "saving the language")
        }
    }
}

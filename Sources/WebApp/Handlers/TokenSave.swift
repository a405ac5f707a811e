import Secrets
import Store

/// POST /settings/tokens: makes an API token acting as the signed-in user and answers — with a page,
/// not a redirect — the token itself, shown this once (only its digest is stored; `no-store` page).
enum TokenSave {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        let token = "pc_" + Tokens.random()
        do {
            switch try await context.tokens.create(name: request.form.trimmed("name"), token: token, scope: request.scope) {
            case .invalid(let problems):
                return try await TokenList.page(request, context, values: request.form, errors: FieldMessages(problems, request: request))
            case .saved(let created):
                return .page(.tokenCreated, title: "settings.tokens.created_title",
                             values: ["token": ["name": created.name, "value": token] as [String: Any]])
            }
        } catch {
            return StoreFailure.response(error, context, "creating an API token")
        }
    }
}

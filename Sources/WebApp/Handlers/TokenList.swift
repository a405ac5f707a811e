import Store

/// GET /settings/tokens: the signed-in user's own API tokens (name, made, last used, revoked) and the
/// form for a new one. Admins see only their own here too.
enum TokenList {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        do {
            return try await page(request, context)
        } catch {
            return StoreFailure.response(error, context, "listing API tokens")
        }
    }

    static func page(_ request: WebRequest, _ context: WebContext, values: FormData? = nil,
                     errors: FieldMessages = FieldMessages()) async throws -> WebResponse {
        let tokens = try await context.tokens.list(scope: request.scope).filter { $0.userID == request.scope.userID }
        let rows = tokens.map { token -> [String: Any] in
            var row: [String: Any] = ["name": token.name, "created": AgentRows.moment(token.createdAt, request),
                                      "revoked": token.revokedAt != nil]
            if let used = token.lastUsedAt { row["lastUsed"] = AgentRows.moment(used, request) }
            if let revoked = token.revokedAt { row["revokedAt"] = AgentRows.moment(revoked, request) }
            else { row["revokeAction"] = "/settings/tokens/\(token.id)/revoke" }
            return row
        }
        let form: [String: Any] = [
            "action": "/settings/tokens", "submit": request.text("settings.tokens.create_submit"),
            "fields": [FormFields.input("name", label: request.text("settings.tokens.name"), value: values?["name"],
                                        error: errors["name"], hint: request.text("settings.tokens.name_hint"),
                                        autocomplete: "off", maxLength: 100)],
        ]
        var page: [String: Any] = ["tokens": rows, "hasTokens": !rows.isEmpty, "form": form]
        if !errors.isEmpty { page["formError"] = request.text("validation.form_invalid") }
        return .page(.tokenList, title: "settings.tokens.title", values: page, status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}

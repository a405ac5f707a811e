/// POST /settings/tokens/:id/revoke: the token stops working at once. Only the user's own tokens;
/// anyone else's is answered like one that does not exist.
enum TokenRevoke {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            let own = try await context.tokens.list(scope: request.scope).first { $0.id == id && $0.userID == request.scope.userID }
            guard let own else { return .notFound }
            if own.revokedAt == nil { _ = try await context.tokens.revoke(id, scope: request.scope) }
            return .redirect(to: "/settings/tokens", flash: "settings.tokens.revoked")
        } catch {
            return StoreFailure.response(error, context, "revoking an API token")
        }
    }
}

/// POST /logout: deletes the session on the server (the token stops working wherever it was copied)
/// and removes the cookie.
enum Logout {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let token = request.sessionToken else { return .endSession(redirect: "/login") }
        do {
            try await context.sessions.delete(token: token)
        } catch {
            context.logger.error("sign-out failed: \(error)")
            return .serverError
        }
        return .endSession(redirect: "/login", flash: "login.signed_out")
    }
}

import Secrets
import Store

/// POST /login: checks the e-mail and password and starts a new session (a new random token every
/// time, so a token planted before sign-in is worth nothing). Failures all read "wrong e-mail or
/// password"; after too many of them the form says to wait, even for the right password.
enum LoginSubmit {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        let email = request.form.trimmed("email")
        let password = request.form["password"] ?? ""
        let next = PercentEncoding.localPath(request.form["next"])
        let address = request.http.remoteAddress
        guard !email.isEmpty, !password.isEmpty else {
            return LoginShow.page(request, email: email, next: next, error: request.text("login.failed"), status: .unauthorized)
        }
        do {
            if try await context.throttle.isThrottled(email: email, address: address) {
                let minutes = String(Int((context.throttle.window / 60).rounded(.up)))
                return LoginShow.page(request, email: email, next: next,
                                      error: request.text("login.throttled", ["minutes": minutes]), status: .tooManyRequests)
            }
            let found = password.utf8.count <= PasswordHasher.maximumLength ? try await context.users.credentials(email: email) : nil
            guard let found, await PasswordWork.verify(password, against: found.passwordHash, with: context.hasher) else {
                if found == nil { _ = await PasswordWork.verify(password, against: nil, with: context.hasher) }
                try await context.throttle.recordFailure(email: email, address: address)
                return LoginShow.page(request, email: email, next: next, error: request.text("login.failed"), status: .unauthorized)
            }
            try await context.throttle.clear(email: email)
            if let old = request.sessionToken { try await context.sessions.delete(token: old) }
            let token = Tokens.random()
            try await context.sessions.create(token: token, csrfToken: Tokens.random(), user: found.user, scope: found.scope)
            return .startSession(token: token, redirect: next)
        } catch {
            context.logger.error("sign-in failed: \(error)")
            return .serverError
        }
    }
}

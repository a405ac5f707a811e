import Secrets
import Store

/// POST /profile/password: changes the user's own password after checking the current one. Their
/// other sessions end; this one stays.
enum ProfilePasswordUpdate {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        let current = request.form["current_password"] ?? ""
        let new = request.form["new_password"] ?? ""
        let userID = request.scope.userID
        do {
            let stored = try await context.users.passwordHash(of: userID, scope: request.scope)
            var errors = FieldMessages()
            if await !PasswordWork.verify(current, against: stored, with: context.hasher) {
                errors.add("current_password", code: "password.wrong_current", request: request)
            }
            var problems: [FieldError] = []
            Validate.password(new, field: "new_password", into: &problems)
            for problem in problems { errors.add(problem.field, code: problem.code, request: request) }
            if new != (request.form["confirm_password"] ?? "") {
                errors.add("confirm_password", code: "password.mismatch", request: request)
            }
            guard errors.isEmpty else { return try await ProfileShow.page(request, context, passwordErrors: errors) }
            let hash = await PasswordWork.hash(new, with: context.hasher)
            guard try await context.users.setPasswordHash(userID, hash, keepSession: request.sessionToken, scope: request.scope) else {
                return .notFound
            }
            return .redirect(to: "/profile", flash: "profile.password_changed")
        } catch {
            return StoreFailure.response(error, context, "changing a password")
        }
    }
}

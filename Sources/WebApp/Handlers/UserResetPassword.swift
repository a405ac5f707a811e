import Secrets
import Store

/// POST /users/:id/password: an admin sets a new password for a user within reach; that user's
/// sessions end (the admin's own current session survives when they reset their own).
enum UserResetPassword {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        let password = request.form["new_password"] ?? ""
        do {
            guard let user = try await context.users.find(id, scope: request.scope) else { return .notFound }
            var problems: [FieldError] = []
            Validate.password(password, field: "new_password", into: &problems)
            guard problems.isEmpty else {
                return try await UserEdit.page(request, context, user: user, resetErrors: FieldMessages(problems, request: request))
            }
            let hash = await PasswordWork.hash(password, with: context.hasher)
            let keep = id == request.scope.userID ? request.sessionToken : nil
            guard try await context.users.setPasswordHash(id, hash, keepSession: keep, scope: request.scope) else { return .notFound }
            return .redirect(to: "/users/\(id)/edit", flash: "users.password_reset")
        } catch {
            return StoreFailure.response(error, context, "resetting a password")
        }
    }
}

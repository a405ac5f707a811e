/// GET /users: every user within the admin's reach (their organization and those below it).
enum UserList {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        do {
            let users = try await context.users.list(scope: request.scope)
            let tree = OrganizationTree(try await context.organizations.list(scope: request.scope))
            let rows = users.map { user -> [String: Any] in
                [
                    "name": user.displayName.isEmpty ? request.text("common.none") : user.displayName,
                    "email": user.email,
                    "organization": tree.name(user.organizationID) ?? request.text("common.none"),
                    "role": request.text("roles.\(user.role.rawValue)"),
                    "active": user.isActive,
                    "editHref": "/users/\(user.id)/edit",
                ]
            }
            return .page(.userList, title: "users.title", values: ["users": rows, "hasUsers": !rows.isEmpty])
        } catch {
            return StoreFailure.response(error, context, "listing users")
        }
    }
}

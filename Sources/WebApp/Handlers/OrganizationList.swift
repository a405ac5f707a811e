/// GET /organizations: the admin's organization and every one below it, as a tree.
enum OrganizationList {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        do {
            let organizations = try await context.organizations.list(scope: request.scope)
            let tree = OrganizationTree(organizations)
            let rows = tree.ordered.map { entry -> [String: Any] in
                [
                    "name": entry.organization.name,
                    "depth": min(entry.depth, 3),
                    "parent": tree.name(entry.organization.parentID) ?? request.text("common.none"),
                    "editHref": "/organizations/\(entry.organization.id)/edit",
                ]
            }
            return .page(.organizationList, title: "organizations.title",
                         values: ["organizations": rows, "hasOrganizations": !rows.isEmpty])
        } catch {
            return StoreFailure.response(error, context, "listing organizations")
        }
    }
}

import HTTPServer

/// The web interface: every route in one table (Miniflux's `ui.go`), one handler per file.
public enum WebApp {
    /// Largest form body any page sends (the biggest form, a new user, is well under 2 KiB).
    static let formLimit = 16 * 1024

    /// Adds every web route to `router`; each area of the interface lists its own in
    /// `WebRoutes+<Area>.swift`.
    public static func routes(into router: inout Router, context: WebContext) {
        router.get("/theme.css") { request in ThemeStylesheet.handle(request) }
        var routes = WebRouteTable(router: router, context: context)
        routes.get("/login", .anyone, LoginShow.handle)
        routes.post("/login", .anyone, LoginSubmit.handle)
        routes.post("/logout", .signedIn, Logout.handle)

        deviceRoutes(&routes)
        rangeRoutes(&routes)
        adminRoutes(&routes)

        routes.get("/users", .admin, UserList.handle)
        routes.get("/users/new", .admin, UserCreate.handle)
        routes.post("/users", .admin, UserSave.handle)
        routes.get("/users/:id/edit", .admin, UserEdit.handle)
        routes.post("/users/:id/update", .admin, UserUpdate.handle)
        routes.post("/users/:id/deactivate", .admin, UserDeactivate.handle)
        routes.post("/users/:id/password", .admin, UserResetPassword.handle)

        routes.get("/organizations", .admin, OrganizationList.handle)
        routes.get("/organizations/new", .admin, OrganizationCreate.handle)
        routes.post("/organizations", .admin, OrganizationSave.handle)
        routes.get("/organizations/:id/edit", .admin, OrganizationEdit.handle)
        routes.post("/organizations/:id/update", .admin, OrganizationUpdate.handle)

        routes.get("/profile", .signedIn, ProfileShow.handle)
        routes.post("/profile/password", .signedIn, ProfilePasswordUpdate.handle)
        routes.post("/profile/language", .signedIn, ProfileLanguageUpdate.handle)
        router = routes.router
    }
}

/// The web routes being added: each wrapped in the pipeline (session, language, anti-forgery, role,
/// security headers) here rather than through `Router.use`, so routes added to the same router later
/// (the API) are not affected.
struct WebRouteTable {
    var router: Router
    let context: WebContext

    /// A page or other GET answer.
    mutating func get(_ path: String, _ access: Access, _ handler: @escaping WebPipeline.Handler) {
        router.get(path, WebPipeline.wrap(access, context, handler))
    }

    /// A URL-encoded form post (at most `WebApp.formLimit` bytes).
    mutating func post(_ path: String, _ access: Access, _ handler: @escaping WebPipeline.Handler) {
        router.post(path, maxBodyBytes: WebApp.formLimit, WebPipeline.wrap(access, context, handler))
    }

    /// A post with a larger body (a file upload), at most `maxBodyBytes`.
    mutating func upload(_ path: String, _ access: Access, maxBodyBytes: Int, _ handler: @escaping WebPipeline.Handler) {
        router.post(path, maxBodyBytes: maxBodyBytes, WebPipeline.wrap(access, context, handler))
    }
}

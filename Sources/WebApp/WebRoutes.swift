import HTTPServer

/// The web interface: every route in one table (Miniflux's `ui.go`), one handler per file.
public enum WebApp {
    /// Largest form body any page sends (the biggest form, a new user, is well under 2 KiB).
    static let formLimit = 16 * 1024

    /// Adds every web route to `router`. The pipeline (session, language, anti-forgery, role, security
    /// headers) wraps each route here rather than through `Router.use`, so routes added to the same
    /// router later (the API) are not affected.
    public static func routes(into router: inout Router, context: WebContext) {
        func get(_ path: String, _ access: Access, _ handler: @escaping WebPipeline.Handler) {
            router.get(path, WebPipeline.wrap(access, context, handler))
        }
        func post(_ path: String, _ access: Access, _ handler: @escaping WebPipeline.Handler) {
            router.post(path, maxBodyBytes: formLimit, WebPipeline.wrap(access, context, handler))
        }
        get("/login", .anyone, LoginShow.handle)
        post("/login", .anyone, LoginSubmit.handle)
        post("/logout", .signedIn, Logout.handle)

        get("/", .signedIn, FleetOverview.handle)

        get("/users", .admin, UserList.handle)
        get("/users/new", .admin, UserCreate.handle)
        post("/users", .admin, UserSave.handle)
        get("/users/:id/edit", .admin, UserEdit.handle)
        post("/users/:id/update", .admin, UserUpdate.handle)
        post("/users/:id/deactivate", .admin, UserDeactivate.handle)
        post("/users/:id/password", .admin, UserResetPassword.handle)

        get("/organizations", .admin, OrganizationList.handle)
        get("/organizations/new", .admin, OrganizationCreate.handle)
        post("/organizations", .admin, OrganizationSave.handle)
        get("/organizations/:id/edit", .admin, OrganizationEdit.handle)
        post("/organizations/:id/update", .admin, OrganizationUpdate.handle)

        get("/profile", .signedIn, ProfileShow.handle)
        post("/profile/password", .signedIn, ProfilePasswordUpdate.handle)
        post("/profile/language", .signedIn, ProfileLanguageUpdate.handle)
    }
}

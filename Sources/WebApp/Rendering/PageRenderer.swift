import HTTPServer
import Store
import Logging

/// Turns a `WebResponse` into HTML inside the layout: the layout's values (language, translations,
/// navigation, the signed-in user, the anti-forgery token, the flash message, the stylesheet's
/// content-hash URL) plus the page's own values on top.
struct PageRenderer: Sendable {
    let renderer: TemplateRenderer
    /// Content-hash URLs of `stylesheetPaths`.
    let stylesheets: [String]
    let logger: Logger

    /// The stylesheets every page links: the shell's and one per area of the interface.
    static let stylesheetPaths = ["/app.css", "/devices.css", "/ranges.css", "/admin.css"]

    /// The navigation entries, in order; `adminOnly` ones are shown to admins alone.
    static let navigation: [(path: String, key: String, adminOnly: Bool)] = [
        ("/", "nav.fleet", false),
        ("/devices", "nav.devices", false),
        ("/alerts", "nav.alerts", false),
        ("/ranges", "nav.ranges", false),
        ("/schedules", "nav.schedules", false),
        ("/agents", "nav.agents", false),
        ("/settings", "nav.settings", false),
        ("/users", "nav.users", true),
        ("/organizations", "nav.organizations", true),
        ("/profile", "nav.profile", false),
    ]

    /// Renders `template`; a rendering failure (a missing template, never expected after start-up
    /// checks) answers the plain 500 text rather than a half page.
    func render(_ template: PageTemplate, title: String, values: [String: Any], status: HTTPStatus,
                request: WebRequest) -> HTTPResponse {
        var context = layoutValues(request, title: title)
        for (key, value) in values { context[key] = value }
        for (key, value) in context where key != "t" { context[key] = GraphemeGuard.defuse(value) }
        do {
            return .html(try renderer.render(template.rawValue, context: context), status: status)
        } catch {
            logger.error("rendering \(template.rawValue) failed: \(error)")
            return .text("500 Internal Server Error\n", status: .internalServerError)
        }
    }

    /// The error page: a title and an explanation from the catalog's `errors.<kind>` group.
    func error(_ kind: String, status: HTTPStatus, request: WebRequest) -> HTTPResponse {
        render(.error, title: "errors.\(kind).title",
               values: ["error": ["text": request.text("errors.\(kind).text"), "code": status.code]],
               status: status, request: request)
    }

    private func layoutValues(_ request: WebRequest, title: String) -> [String: Any] {
        let path = request.http.path
        var values: [String: Any] = [
            "lang": request.language.rawValue,
            "t": request.catalog.tree,
            "title": request.text(title),
            "stylesheets": stylesheets,
            "csrf": ["field": AntiForgery.field, "token": request.csrfToken],
        ]
        if let organization = request.session?.organization {
            var brand: [String: Any] = ["name": organization.name,
                                        "theme": "/theme.css?c=" + organization.accentColor.dropFirst()]
            if organization.hasLogo { brand["logo"] = "/organizations/\(organization.id)/logo" }
            values["brand"] = brand
        }
        if let user = request.session?.user {
            let isAdmin = user.role.canAdminister
            values["user"] = ["name": user.displayName.isEmpty ? user.email : user.displayName, "email": user.email,
                              "role": request.text("roles.\(user.role.rawValue)")]
            values["nav"] = PageRenderer.navigation.filter { !$0.adminOnly || isAdmin }.map { entry -> [String: Any] in
                let current = entry.path == "/" ? path == "/" : (path == entry.path || path.hasPrefix(entry.path + "/"))
                return ["href": entry.path, "label": request.text(entry.key), "current": current]
            }
        }
        if let flash = request.flash, request.catalog.contains(flash) {
            values["flash"] = request.text(flash)
        }
        return values
    }
}

import HTTPServer

/// GET /login: the sign-in form (e-mail and password). A signed-in user goes straight to the fleet.
enum LoginShow {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard request.session == nil else { return .redirect(to: "/") }
        let next = PercentEncoding.localPath(request.http.queryItems.first { $0.name == "next" }?.value)
        return page(request, email: "", next: next)
    }

    /// The form, optionally with the e-mail typed before and a form-level error (the password is never echoed).
    static func page(_ request: WebRequest, email: String, next: String, error: String? = nil,
                     status: HTTPStatus = .ok) -> WebResponse {
        var values: [String: Any] = [
            "next": next,
            "fields": [
                FormFields.input("email", label: request.text("login.email"), type: "email", value: email,
                                 autocomplete: "username", maxLength: 254),
                FormFields.input("password", label: request.text("login.password"), type: "password",
                                 autocomplete: "current-password"),
            ],
        ]
        if let error { values["formError"] = error }
        return .page(.login, title: "login.title", values: values, status: status)
    }
}

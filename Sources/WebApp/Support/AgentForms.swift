import Store

/// The new-agent form, and the server address its enrolment command names.
enum AgentForms {
    static func create(_ request: WebRequest, organizations: [Organization], values: FormData,
                       errors: FieldMessages = FieldMessages()) -> [String: Any] {
        var fields: [[String: Any]] = [
            FormFields.input("name", label: request.text("agents.name"), value: values["name"], error: errors["name"],
                             hint: request.text("agents.name_hint"), autocomplete: "off", maxLength: 100),
        ]
        if organizations.count > 1 {
            fields.append(FormFields.select("organization_id", label: request.text("agents.organization"),
                                            options: Choices.organizations(organizations),
                                            selected: values["organization_id"] ?? String(request.scope.homeOrganizationID),
                                            error: errors["organization_id"]))
        }
        return ["action": "/agents", "submit": request.text("agents.create_submit"), "cancel": "/agents", "fields": fields]
    }
}

enum AgentEnrolment {
    /// The address the browser used to reach us (`https://host:port`), which the agent enrols against;
    /// a `Host` header with anything but host-name characters gives a placeholder instead.
    static func origin(_ request: WebRequest) -> String {
        let scheme = request.http.isSecure ? "https" : "http"
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]".utf8)
        guard let host = request.http.header("Host"), (1...255).contains(host.utf8.count), host.utf8.allSatisfy(allowed.contains)
        else { return scheme + "://SERVER:PORT" }
        return scheme + "://" + host
    }
}

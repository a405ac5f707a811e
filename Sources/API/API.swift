import HTTPServer

/// One operation of the API: what it is, for the OpenAPI document, and who handles it.
struct APIRoute: Sendable {
    let method: HTTPMethod
    /// Path under /api/v1 with `:name` parameters.
    let path: String
    let summary: String
    /// Schema name of the JSON request body, if any (see `OpenAPIDocument.schemas`).
    let body: String?
    /// Status and schema name of the success response (nil schema: no body).
    let success: (status: Int, schema: String?)
    let handler: APIPipeline.Handler
}

/// The REST API under `/api/v1` (PRODUCT.md): every route in one table (Miniflux's `api.go`), one
/// handler per file, bearer-token authentication around each. The OpenAPI document is made from this
/// same table, so it lists exactly what the server answers.
public enum API {
    /// Largest request body any API call takes (a user or range is a few hundred bytes).
    static let bodyLimit = 64 * 1024

    static let table: [APIRoute] = [
        APIRoute(method: .get, path: "/organizations", summary: "Organizations within reach", body: nil, success: (200, "OrganizationList"), handler: OrganizationList.handle),
        APIRoute(method: .post, path: "/organizations", summary: "Create a customer organization (admins)", body: "OrganizationInput", success: (201, "Organization"), handler: OrganizationCreate.handle),
        APIRoute(method: .get, path: "/organizations/:id", summary: "One organization", body: nil, success: (200, "Organization"), handler: OrganizationShow.handle),
        APIRoute(method: .patch, path: "/organizations/:id", summary: "Change an organization's name, time zone or language (admins)", body: "OrganizationChange", success: (200, "Organization"), handler: OrganizationUpdate.handle),
        APIRoute(method: .get, path: "/users", summary: "Users within reach (admins; others see themselves)", body: nil, success: (200, "UserList"), handler: UserList.handle),
        APIRoute(method: .post, path: "/users", summary: "Create a user (admins)", body: "UserInput", success: (201, "User"), handler: UserCreate.handle),
        APIRoute(method: .get, path: "/users/:id", summary: "One user (admins; others themselves)", body: nil, success: (200, "User"), handler: UserShow.handle),
        APIRoute(method: .patch, path: "/users/:id", summary: "Change a user's name, role, language or whether they may sign in (admins)", body: "UserChange", success: (200, "User"), handler: UserUpdate.handle),
        APIRoute(method: .get, path: "/agents", summary: "Agents within reach", body: nil, success: (200, "AgentList"), handler: AgentList.handle),
        APIRoute(method: .post, path: "/agents", summary: "Create an agent and its one-time enrolment token (admins)", body: "AgentInput", success: (201, "AgentCreated"), handler: AgentCreate.handle),
        APIRoute(method: .get, path: "/agents/:id", summary: "One agent", body: nil, success: (200, "Agent"), handler: AgentShow.handle),
        APIRoute(method: .post, path: "/agents/:id/revoke", summary: "Revoke an agent: its certificates stop working at once (admins)", body: nil, success: (200, "Agent"), handler: AgentRevoke.handle),
        APIRoute(method: .get, path: "/address-ranges", summary: "Address ranges within reach", body: nil, success: (200, "AddressRangeList"), handler: AddressRangeList.handle),
        APIRoute(method: .post, path: "/address-ranges", summary: "Create an address range (managers)", body: "AddressRangeInput", success: (201, "AddressRange"), handler: AddressRangeCreate.handle),
        APIRoute(method: .get, path: "/address-ranges/:id", summary: "One address range", body: nil, success: (200, "AddressRange"), handler: AddressRangeShow.handle),
        APIRoute(method: .patch, path: "/address-ranges/:id", summary: "Change an address range (managers)", body: "AddressRangeInput", success: (200, "AddressRange"), handler: AddressRangeUpdate.handle),
        APIRoute(method: .delete, path: "/address-ranges/:id", summary: "Delete an address range (managers)", body: nil, success: (204, nil), handler: AddressRangeDelete.handle),
        APIRoute(method: .post, path: "/address-ranges/:id/discover", summary: "Run a discovery of the range now", body: nil, success: (202, "Command"), handler: AddressRangeDiscover.handle),
        APIRoute(method: .get, path: "/schedules", summary: "Schedules within reach", body: nil, success: (200, "ScheduleList"), handler: ScheduleList.handle),
        APIRoute(method: .post, path: "/schedules", summary: "Create a discovery or status schedule (managers)", body: "ScheduleInput", success: (201, "Schedule"), handler: ScheduleCreate.handle),
        APIRoute(method: .get, path: "/schedules/:id", summary: "One schedule", body: nil, success: (200, "Schedule"), handler: ScheduleShow.handle),
        APIRoute(method: .patch, path: "/schedules/:id", summary: "Change a schedule (managers)", body: "ScheduleInput", success: (200, "Schedule"), handler: ScheduleUpdate.handle),
        APIRoute(method: .delete, path: "/schedules/:id", summary: "Delete a schedule (managers)", body: nil, success: (204, nil), handler: ScheduleDelete.handle),
        APIRoute(method: .post, path: "/schedules/:id/run", summary: "Run a schedule now (managers)", body: nil, success: (202, "CommandList"), handler: ScheduleRun.handle),
        APIRoute(method: .get, path: "/devices", summary: "A page of devices (filters: q, organization_id, agent_id, manufacturer, online; limit, after)", body: nil, success: (200, "DevicePage"), handler: DeviceList.handle),
        APIRoute(method: .get, path: "/devices/:id", summary: "One device with its latest reading", body: nil, success: (200, "Device"), handler: DeviceShow.handle),
        APIRoute(method: .get, path: "/devices/:id/readings", summary: "A device's readings between from and to (RFC 3339)", body: nil, success: (200, "ReadingList"), handler: DeviceReadings.handle),
    ]

    public static func routes(into router: inout Router, context: APIContext) {
        router.add(.get, "/api/v1/openapi.json", .inline { _ in OpenAPIDocument.response })
        for route in table {
            router.add(route.method, "/api/v1" + route.path, maxBodyBytes: bodyLimit, .async(APIPipeline.wrap(context, route.handler)))
        }
        // Added last, so every real route matches first: anything else under /api/v1 gets the API's
        // JSON error shape (405 with Allow for a known path, 404 otherwise), never the web's text page.
        let patterns = table.map { (RoutePattern("/api/v1" + $0.path), $0.method) }
        let unknown: @Sendable (HTTPRequest) -> HTTPResponse = { request in
            let allowed = patterns.filter { $0.0.matches(request.path) }.map(\.1)
            guard !allowed.isEmpty else { return APIResponse.notFound }
            var response = APIResponse.error(.methodNotAllowed, "method_not_allowed", "This resource does not take that method.")
            response.headers.add("Allow", allowed.map(Self.name).joined(separator: ", "))
            return response
        }
        for method in [HTTPMethod.get, .post, .put, .patch, .delete] {
            router.add(method, "/api/v1/*rest", maxBodyBytes: bodyLimit, .inline(unknown))
        }
    }

    static func name(_ method: HTTPMethod) -> String {
        switch method {
        case .get: "GET"
        case .post: "POST"
        case .put: "PUT"
        case .patch: "PATCH"
        case .delete: "DELETE"
        default: "OPTIONS"
        }
    }
}

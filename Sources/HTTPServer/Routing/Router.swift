/// What a route runs. `inline` handlers answer on the event loop itself and must not block or wait
/// (in-memory answers: static files, constants); `async` handlers run as tasks off the loop and may
/// do anything, and only they pass through middleware.
public enum RouteHandler: Sendable {
    case inline(@Sendable (HTTPRequest) -> HTTPResponse)
    case async(@Sendable (HTTPRequest) async -> HTTPResponse)
}

/// Wraps an async handler: call `next` to continue, or answer without it.
public typealias Middleware = @Sendable (HTTPRequest, _ next: @Sendable (HTTPRequest) async -> HTTPResponse) async -> HTTPResponse

/// One route: a method, a path pattern, a handler and the largest body it accepts.
public struct Route: Sendable {
    public let method: HTTPMethod
    public let pattern: RoutePattern
    public let handler: RouteHandler
    /// Bodies above this are refused with 413 before they are read; nil = the server's default.
    public let maxBodyBytes: Int?
}

/// The result of looking a request up.
public enum RouteMatch: Sendable {
    case found(Route, parameters: [String: String])
    case methodNotAllowed(allowed: [HTTPMethod])
    case notFound
}

/// Every route of a listener in one table. Exact paths are found by hashing; patterns with
/// parameters are grouped by their first segment when it is a literal (`/users/:id` is only tried
/// for paths starting `/users/`), so a request for a static file does not try every pattern of the
/// web interface — that cost 30 % of static-file throughput before the grouping. Within a group,
/// and then among patterns starting with a parameter, routes are tried in the order they were added.
/// HEAD falls back to GET.
public struct Router: Sendable {
    private var exact: [String: [Route]] = [:]
    private var patternedByFirstSegment: [String: [Route]] = [:]
    private var patternedOther: [Route] = []
    private var middleware: [Middleware] = []
    private var fallback: Route?

    public init() {}

    /// Adds middleware around every async route added after this call (outermost first).
    public mutating func use(_ middleware: @escaping Middleware) { self.middleware.append(middleware) }

    public mutating func add(_ method: HTTPMethod, _ pattern: String, maxBodyBytes: Int? = nil, _ handler: RouteHandler) {
        let parsed = RoutePattern(pattern)
        let route = Route(method: method, pattern: parsed, handler: wrap(handler), maxBodyBytes: maxBodyBytes)
        if parsed.isExact {
            exact[parsed.text, default: []].append(route)
        } else if case .literal(let first)? = parsed.segments.first {
            patternedByFirstSegment[first, default: []].append(route)
        } else {
            patternedOther.append(route)
        }
    }

    public mutating func get(_ pattern: String, _ handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) {
        add(.get, pattern, .async(handler))
    }

    public mutating func post(_ pattern: String, maxBodyBytes: Int? = nil, _ handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) {
        add(.post, pattern, maxBodyBytes: maxBodyBytes, .async(handler))
    }

    /// Answers GET and HEAD requests that no route matched, e.g. with static files.
    public mutating func fallback(_ handler: RouteHandler) {
        fallback = Route(method: .get, pattern: RoutePattern("/*rest"), handler: handler, maxBodyBytes: 0)
    }

    private func wrap(_ handler: RouteHandler) -> RouteHandler {
        guard case .async(let inner) = handler, !middleware.isEmpty else { return handler }
        var next = inner
        for layer in middleware.reversed() {
            let following = next
            next = { request in await layer(request, following) }
        }
        return .async(next)
    }

    /// Finds the route for `method` on the (still percent-encoded) `path`.
    public func match(_ method: HTTPMethod, path: String) -> RouteMatch {
        var allowed: [HTTPMethod] = []
        if let routes = exact[path] {
            if let route = pick(routes, method) { return .found(route, parameters: [:]) }
            allowed += routes.map(\.method)
        }
        let group = patternedByFirstSegment[Router.firstSegment(of: path)] ?? []
        let parts = (group.isEmpty && patternedOther.isEmpty) ? [] : path.split(separator: "/", omittingEmptySubsequences: true)
        for routes in [group, patternedOther] where !routes.isEmpty {
            for route in routes {
                guard let parameters = route.pattern.match(parts) else { continue }
                if route.method == method || (method == .head && route.method == .get) {
                    return .found(route, parameters: parameters)
                }
                allowed.append(route.method)
            }
        }
        if allowed.isEmpty, let fallback, method == .get || method == .head {
            return .found(fallback, parameters: [:])
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    /// The first non-empty segment of a path, without splitting the rest.
    private static func firstSegment(of path: String) -> String {
        let trimmed = path.drop { $0 == "/" }
        return String(trimmed.prefix { $0 != "/" })
    }

    private func pick(_ routes: [Route], _ method: HTTPMethod) -> Route? {
        routes.first { $0.method == method } ?? (method == .head ? routes.first { $0.method == .get } : nil)
    }
}

import AgentGateway
import API
import HTTPServer
import Logging
import Store
import WebApp

/// The routes the server answers until the web, API and gateway modules bring their own tables.
enum WebRoutes {
    /// Throws when a template or translation catalog is broken: the start fails, not a request.
    static func router(staticFiles: StaticFiles, database: Database, gateway: GatewayContext, metrics: Metrics) throws -> Router {
        var router = Router()
        // 200 while the database answers, 503 when it does not (load balancers take the server out).
        router.get("/healthz") { _ in
            let up = await database.ping()
            var response = HTTPResponse.json(Array((up ? #"{"status":"ok","database":"ok"}"# : #"{"status":"unavailable","database":"unreachable"}"#).utf8),
                                             status: up ? .ok : .serviceUnavailable)
            response.headers.add("Cache-Control", "no-store")
            return response
        }
        router.get("/metrics") { _ in await metrics.response() }
        let web = try WebContext(database: database, staticFiles: staticFiles, logger: Logger(label: "printercare.web"))
        WebApp.routes(into: &router, context: web)
        API.routes(into: &router, context: APIContext(database: database, logger: Logger(label: "printercare.api")))
        AgentGateway.enrollmentRoute(into: &router, context: gateway)
        router.fallback(staticFiles.handler)
        return router
    }
}

import HTTPServer

/// The agent gateway: the routes of the mTLS port (one table), and the enrolment route of the web ports.
public enum AgentGateway {
    /// Largest request body on the gateway (a compressed upload; `UploadReceive` bounds it inflated).
    static let bodyLimit = 16 << 20

    /// The gateway port's router.
    public static func router(context: GatewayContext) -> Router {
        var router = Router()
        func add(_ method: HTTPMethod, _ path: String, _ handler: @escaping GatewayPipeline.Handler) {
            router.add(method, path, maxBodyBytes: bodyLimit, .async(GatewayPipeline.wrap(context, handler)))
        }
        add(.get, "/agent/v1/commands", CommandPoll.handle)
        add(.post, "/agent/v1/uploads", UploadReceive.handle)
        add(.post, "/agent/v1/certificate", CertificateRenew.handle)
        add(.get, "/agent/v1/drivers", DriversFetch.handle)
        return router
    }

    /// Adds `POST /api/v1/agents/enroll` to the web router.
    public static func enrollmentRoute(into router: inout Router, context: GatewayContext) {
        router.add(.post, "/api/v1/agents/enroll", maxBodyBytes: 64 * 1024, .async { request in
            await AgentEnroll.handle(request, context)
        })
    }
}

import HTTPServer

/// The routes the server answers until the web, API and gateway modules bring their own tables.
enum WebRoutes {
    static func router(staticFiles: StaticFiles) -> Router {
        var router = Router()
        router.add(.get, "/healthz", .inline { _ in
            var response = HTTPResponse.json(Array(#"{"status":"ok"}"#.utf8))
            response.headers.add("Cache-Control", "no-store")
            return response
        })
        router.fallback(staticFiles.handler)
        return router
    }

    /// The gateway answers only agents with a verified certificate; it has no routes of its own yet.
    static func gatewayRouter() -> Router {
        var router = Router()
        router.add(.get, "/healthz", .inline { request in
            .json(Array(#"{"status":"ok","agent":"\#(request.peerCertificate?.commonName ?? "")"}"#.utf8))
        })
        return router
    }
}

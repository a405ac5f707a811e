import Testing
@testable import HTTPServer

@Suite struct RouterTests {
    func router() -> Router {
        var router = Router()
        router.add(.get, "/devices", .inline { _ in .text("list") })
        router.add(.post, "/devices", .inline { _ in .text("create") })
        router.add(.get, "/devices/:id", .inline { _ in .text("one") })
        router.add(.get, "/devices/:id/readings", .inline { _ in .text("readings") })
        router.add(.get, "/files/*rest", .inline { _ in .text("files") })
        return router
    }

    @Test func exactParameterAndRestPatterns() {
        let router = router()
        guard case .found(_, let none) = router.match(.get, path: "/devices") else { Issue.record("no match"); return }
        #expect(none.isEmpty)
        guard case .found(_, let parameters) = router.match(.get, path: "/devices/a%20b/readings") else { Issue.record("no match"); return }
        #expect(parameters == ["id": "a b"])
        guard case .found(_, let rest) = router.match(.get, path: "/files/x/y.css") else { Issue.record("no match"); return }
        #expect(rest == ["rest": "x/y.css"])
    }

    @Test func headFallsBackToGetAndWrongMethodsListAllowed() {
        let router = router()
        guard case .found(let route, _) = router.match(.head, path: "/devices/3") else { Issue.record("no match"); return }
        #expect(route.method == .get)
        guard case .methodNotAllowed(let allowed) = router.match(.delete, path: "/devices") else { Issue.record("expected 405"); return }
        #expect(Set(allowed.map(\.name)) == ["GET", "POST"])
        guard case .notFound = router.match(.get, path: "/nothing") else { Issue.record("expected 404"); return }
    }

    @Test func encodedSlashInAParameterDoesNotMatch() {
        guard case .notFound = router().match(.get, path: "/devices/a%2Fb/readings") else { Issue.record("matched"); return }
    }

    @Test func middlewareWrapsAsyncRoutesInOrder() async {
        var router = Router()
        router.use { request, next in
            var response = await next(request)
            response.headers.add("X-Outer", "1")
            return response
        }
        router.use { request, next in
            if request.header("Authorization") == nil { return .text("denied", status: .unauthorized) }
            return await next(request)
        }
        router.get("/secret") { _ in .text("ok") }
        guard case .found(let route, _) = router.match(.get, path: "/secret"), case .async(let handler) = route.handler else {
            Issue.record("no async route"); return
        }
        let denied = await handler(HTTPRequest(method: .get, target: "/secret"))
        #expect(denied.status == .unauthorized)
        #expect(denied.headers["X-Outer"] == "1")
        let allowed = await handler(HTTPRequest(method: .get, target: "/secret", headers: ["authorization": "Bearer x"]))
        #expect(allowed.status == .ok)
    }
}

import Foundation
@testable import HTTPServer

/// Starts a real server on a free loopback port for one test and stops it afterwards.
func withServer(router: Router, limits: HTTPLimits = HTTPLimits(), loops: Int = 2, tls: TLSContext? = nil,
                _ body: (Server, Int) async throws -> Void) async throws {
    let server = Server(listeners: [ListenerConfiguration(name: "test", host: "127.0.0.1", port: 0, tls: tls, router: router)],
                        limits: limits, loopCount: loops)
    try server.start()
    do {
        try await body(server, server.ports[0])
    } catch {
        await server.shutdown(grace: .milliseconds(100))
        throw error
    }
    await server.shutdown(grace: .milliseconds(500))
}

/// A router with the routes the socket tests use.
func testRouter() -> Router {
    var router = Router()
    router.add(.get, "/hello", .inline { _ in .text("hello\n") })
    router.get("/async") { _ in
        try? await Task.sleep(for: .milliseconds(20))
        return .text("async\n")
    }
    router.get("/slow/:ms") { request in
        try? await Task.sleep(for: .milliseconds(Int(request.parameters["ms"] ?? "0") ?? 0))
        return .text("slow \(request.parameters["ms"] ?? "")\n")
    }
    router.post("/echo", maxBodyBytes: 64 * 1024) { request in
        HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: .bytes(request.body))
    }
    router.get("/items/:id") { request in .text("item \(request.parameters["id"] ?? "")\n") }
    router.get("/stream/:count") { request in
        let count = Int(request.parameters["count"] ?? "0") ?? 0
        return HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], body: .stream { writer in
            for i in 0..<count { try await writer.write(Array("line \(i)\n".utf8)) }
        })
    }
    router.get("/big") { _ in .text(String(repeating: "printer fleet ", count: 2000)) }
    router.get("/headers") { request in
        .text(request.headers.map { "\($0.name)=\($0.value)" }.joined(separator: "\n"))
    }
    return router
}

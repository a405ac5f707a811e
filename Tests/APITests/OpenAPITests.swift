import Foundation
import HTTPServer
import Testing
@testable import API

/// The OpenAPI document lists exactly the operations the router answers.
@Suite struct OpenAPITests {
    @Test func documentMatchesTheRouteTable() throws {
        var router = Router()
        API.routes(into: &router, context: APIContext(database: .init(url: "host=/nonexistent connect_timeout=1", size: 1,
                                                                       logger: .init(label: "t")), logger: .init(label: "t")))
        let response = OpenAPIDocument.response
        guard case .bytes(let bytes) = response.body else { Issue.record("no body"); return }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.0.3")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations = 0
        for (path, methods) in paths {
            for (method, _) in methods {
                operations += 1
                let routed = path.replacingOccurrences(of: "{id}", with: "1")
                let verb: HTTPMethod = ["get": .get, "post": .post, "patch": .patch, "delete": .delete][method] ?? .options
                guard case .found = router.match(verb, path: routed) else {
                    Issue.record("\(method) \(path) is documented but not routed"); continue
                }
            }
        }
        #expect(operations == API.table.count)
        // Every schema referenced is defined.
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let text = String(decoding: bytes, as: UTF8.self)
        for match in text.components(separatedBy: "#/components/schemas/").dropFirst() {
            let name = String(match.prefix { $0 != "\"" })
            #expect(schemas[name] != nil, "\(name)")
        }
    }
}

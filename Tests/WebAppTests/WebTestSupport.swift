import Foundation
import HTTPServer
import Secrets
import Logging
import Store
@testable import WebApp

/// Paths and builders shared by the web tests.
enum WebTestSupport {
    /// The repository root (two folders above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    /// The real templates, catalogs and static files, loaded as the server loads them, over `database`
    /// (by default one that cannot be reached: for tests that never get as far as the Store). Password
    /// hashing is cheap here (scrypt N = 2^10) so tests stay fast; the format and code path are the real ones.
    static func context(database: Database? = nil) throws -> WebContext {
        let database = database ?? Database(url: "host=/nonexistent-printercare-test connect_timeout=1", size: 1,
                                            logger: .init(label: "test") { _ in SwiftLogNoOpLogHandler() })
        return try WebContext(database: database, staticFiles: StaticFiles(directory: root + "/Public"),
                              templatesDirectory: root + "/Templates", localesDirectory: root + "/Locales",
                              hasher: PasswordHasher(logN: 10, r: 8, p: 1),
                              logger: .init(label: "web-test") { _ in SwiftLogNoOpLogHandler() })
    }

    /// A router with every web route.
    static func router(_ context: WebContext) -> Router {
        var router = Router()
        WebApp.routes(into: &router, context: context)
        return router
    }

    /// Runs `request` through `router` as the server would (middleware included).
    static func send(_ router: Router, _ request: HTTPRequest) async -> HTTPResponse {
        var request = request
        switch router.match(request.method, path: request.path) {
        case .found(let route, let parameters):
            request.parameters = parameters
            switch route.handler {
            case .inline(let handler): return handler(request)
            case .async(let handler): return await handler(request)
            }
        case .methodNotAllowed: return .text("", status: .methodNotAllowed)
        case .notFound: return .notFound
        }
    }

    /// A GET with optional cookies and headers.
    static func get(_ target: String, cookies: [String: String] = [:], headers: [(String, String)] = []) -> HTTPRequest {
        var fields = headers
        fields.append(("Host", "printercare.test"))
        if !cookies.isEmpty { fields.append(("Cookie", cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))) }
        return HTTPRequest(method: .get, target: target, headers: HTTPHeaders(fields))
    }

    /// A form POST with optional cookies and headers.
    static func post(_ target: String, form: [(String, String)], cookies: [String: String] = [:],
                     headers: [(String, String)] = []) -> HTTPRequest {
        var fields = headers
        fields.append(("Host", "printercare.test"))
        fields.append(("Content-Type", "application/x-www-form-urlencoded"))
        if !cookies.isEmpty { fields.append(("Cookie", cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))) }
        let body = form.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
        return HTTPRequest(method: .post, target: target, headers: HTTPHeaders(fields), body: Array(body.utf8))
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

extension HTTPResponse {
    /// The body as text (bodies in these tests are never streamed).
    var text: String {
        if case .bytes(let bytes) = body { return String(decoding: bytes, as: UTF8.self) }
        return ""
    }

    /// The cookies this response sets, by name.
    var cookies: [String: String] {
        var found: [String: String] = [:]
        for line in headers.values("Set-Cookie") {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            found[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
        }
        return found
    }

    /// The value of the hidden anti-forgery field in the page.
    var csrfToken: String? {
        guard let range = text.range(of: "name=\"csrf_token\" value=\"") else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }
}

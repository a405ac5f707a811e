import Foundation
import HTTPServer
import Secrets
import Store
import Testing
import TestSupport
@testable import API

/// A dealer with two customer organizations, users of every role and an API token each, behind the
/// real API routes on a fresh test database. Synthetic names throughout.
struct APIFleet {
    let db: TestDatabase
    let router: Router
    let dealerOrg: Int64, orgA: Int64, orgB: Int64
    /// API tokens by e-mail.
    let tokens: [String: String]

    static func with<T>(_ body: (APIFleet) async throws -> T) async throws -> T {
        try await TestPostgres.withDatabase { db in try await body(try await make(db)) }
    }

    static func make(_ db: TestDatabase) async throws -> APIFleet {
        let hash = PasswordHasher(logN: 10, r: 8, p: 1).hash("correct horse battery")
        let store = db.database
        #expect(try await Bootstrap.run(database: store, organizationName: "Dealer", email: "boss@dealer.test", passwordHash: hash))
        let users = UserStore(database: store)
        let dealer = try #require(try await users.credentials(email: "boss@dealer.test")).scope
        let organizations = OrganizationStore(database: store)
        guard case .saved(let a) = try await organizations.create(OrganizationDraft(name: "Customer A"), parentID: dealer.homeOrganizationID, scope: dealer),
              case .saved(let b) = try await organizations.create(OrganizationDraft(name: "Customer B"), parentID: dealer.homeOrganizationID, scope: dealer)
        else { throw APITestFailure("could not create the customers") }
        let dealerNow = try #require(try await users.credentials(email: "boss@dealer.test")).scope
        for (email, org, role) in [("admin@a.test", a.id, Role.admin), ("manager@a.test", a.id, .manager), ("viewer@a.test", a.id, .viewer),
                                   ("admin@b.test", b.id, .admin)] {
            guard case .saved = try await users.create(UserDraft(email: email, displayName: email, role: role, organizationID: org),
                                                       passwordHash: hash, scope: dealerNow)
            else { throw APITestFailure("could not create \(email)") }
        }
        var tokens: [String: String] = [:]
        for email in ["boss@dealer.test", "admin@a.test", "manager@a.test", "viewer@a.test", "admin@b.test"] {
            let token = "pc_" + Tokens.random()
            _ = try #require(try await APITokenStore(database: store).create(name: "test", token: token, forEmail: email))
            tokens[email] = token
        }
        var router = Router()
        API.routes(into: &router, context: APIContext(database: store, logger: TestPostgres.logger("api"),
                                                      hasher: PasswordHasher(logN: 10, r: 8, p: 1)))
        return APIFleet(db: db, router: router, dealerOrg: dealer.homeOrganizationID, orgA: a.id, orgB: b.id, tokens: tokens)
    }

    /// Rows of a query run across tenants (system mode): what the database really holds.
    func rows(_ sql: SQL) async throws -> [Row] {
        try await db.database.transaction(settings: ["printercare.system": "on"]) { (tx) throws(StoreError) in try tx.query(sql) }
    }

    /// Sends a request as `user` (nil: no Authorization header) and returns status and parsed JSON.
    func call(_ user: String?, _ method: HTTPMethod, _ target: String, json: String? = nil,
              headers: [(String, String)] = []) async -> APIAnswer {
        var fields = headers + [("Host", "printercare.test")]
        if let user { fields.append(("Authorization", "Bearer \(tokens[user] ?? user)")) }
        if json != nil, !fields.contains(where: { $0.0 == "Content-Type" }) { fields.append(("Content-Type", "application/json")) }
        var request = HTTPRequest(method: method, target: target, headers: HTTPHeaders(fields), body: Array((json ?? "").utf8))
        let response: HTTPResponse
        switch router.match(request.method, path: request.path) {
        case .found(let route, let parameters):
            request.parameters = parameters
            switch route.handler {
            case .inline(let handler): response = handler(request)
            case .async(let handler): response = await handler(request)
            }
        case .methodNotAllowed: response = .text("", status: .methodNotAllowed)
        case .notFound: response = .notFound
        }
        return APIAnswer(response)
    }
}

/// A response as a test reads it.
struct APIAnswer {
    let status: Int
    let headers: HTTPHeaders
    let text: String
    let json: [String: Any]

    init(_ response: HTTPResponse) {
        status = response.status.code
        headers = response.headers
        if case .bytes(let bytes) = response.body { text = String(decoding: bytes, as: UTF8.self) } else { text = "" }
        json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var fieldCodes: [String] {
        ((json["error"] as? [String: Any])?["fields"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }
    func int(_ key: String) -> Int64? { (json[key] as? NSNumber)?.int64Value }
    func string(_ key: String) -> String? { json[key] as? String }
}

struct APITestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

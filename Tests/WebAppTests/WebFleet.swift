import HTTPServer
import Secrets
import Store
import Testing
import TestSupport
@testable import WebApp

/// A dealer with two customer organizations, each with users of every role, behind the real web
/// routes on a fresh test database. Synthetic names; every password is `password`.
struct WebFleet {
    static let password = "correct horse battery"
    let db: TestDatabase
    let context: WebContext
    let router: Router
    let dealerOrg: Int64, orgA: Int64, orgB: Int64
    /// User ids by e-mail.
    let ids: [String: Int64]

    var users: UserStore { UserStore(database: db.database) }

    /// Runs `body` with a fresh fleet and drops its database afterwards.
    static func with<T>(_ body: (WebFleet) async throws -> T) async throws -> T {
        try await TestPostgres.withDatabase { db in try await body(try await make(db)) }
    }

    static func make(_ db: TestDatabase) async throws -> WebFleet {
        let hasher = PasswordHasher(logN: 10, r: 8, p: 1)
        let hash = hasher.hash(password)
        let store = db.database
        #expect(try await Bootstrap.run(database: store, organizationName: "Dealer", email: "boss@dealer.test", passwordHash: hash))
        let users = UserStore(database: store)
        let dealer = try #require(try await users.credentials(email: "boss@dealer.test")).scope
        let organizations = OrganizationStore(database: store)
        guard case .saved(let a) = try await organizations.create(OrganizationDraft(name: "Customer A"), parentID: dealer.homeOrganizationID, scope: dealer),
              case .saved(let b) = try await organizations.create(OrganizationDraft(name: "Customer B"), parentID: dealer.homeOrganizationID, scope: dealer)
        else { throw WebTestFailure("could not create the customers") }
        // A scope is computed at sign-in: the new customers join the next one.
        let dealerNow = try #require(try await users.credentials(email: "boss@dealer.test")).scope
        var ids = ["boss@dealer.test": dealer.userID]
        for (email, org, role) in [("admin@a.test", a.id, Role.admin), ("manager@a.test", a.id, .manager), ("viewer@a.test", a.id, .viewer),
                                   ("admin@b.test", b.id, .admin), ("viewer@b.test", b.id, .viewer)] {
            guard case .saved(let user) = try await users.create(UserDraft(email: email, displayName: "User \(email)", role: role, organizationID: org),
                                                                 passwordHash: hash, scope: dealerNow)
            else { throw WebTestFailure("could not create \(email)") }
            ids[email] = user.id
        }
        let context = try WebTestSupport.context(database: store)
        return WebFleet(db: db, context: context, router: WebTestSupport.router(context), dealerOrg: dealer.homeOrganizationID,
                        orgA: a.id, orgB: b.id, ids: ids)
    }

    /// A client signed in as `email`.
    func client(_ email: String, language: String = "en") async throws -> WebClient {
        let client = WebClient(router, language: language)
        let answer = await client.signIn(email, Self.password)
        try #require(answer.status == .seeOther, "sign-in as \(email) failed: \(answer.status.code) \(answer.text.prefix(300))")
        return client
    }

    /// The user as stored, read with the dealer's (widest) reach.
    func user(_ email: String) async throws -> User? {
        let dealer = try #require(try await users.credentials(email: "boss@dealer.test")).scope
        return try await users.find(ids[email]!, scope: dealer)
    }
}

/// A set-up step of a web test that could not be done.
struct WebTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

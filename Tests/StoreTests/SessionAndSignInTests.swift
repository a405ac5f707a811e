import Foundation
import Store
import Testing
import TestSupport

@Suite struct SessionAndSignInTests {
    @Test func sessionsLiveUntilSignOutIdleOrDeactivation() async throws {
        try await TestPostgres.withDatabase { db in
            let fleet = try await Fleet.make(db)
            let sessions = SessionStore(database: fleet.store, idleTimeout: 1.5, absoluteTimeout: 3600)
            let users = UserStore(database: fleet.store)
            let viewer = try #require(try await users.find(fleet.viewerA.userID, scope: fleet.viewerA))
            try await sessions.create(token: "cookie-1", csrfToken: "csrf-1", user: viewer, scope: fleet.viewerA)
            let found = try #require(try await sessions.find(token: "cookie-1"))
            #expect(found.user.email == "viewer@a.test")
            #expect(found.scope == fleet.viewerA)
            #expect(found.csrfToken == "csrf-1")
            #expect(try await sessions.find(token: "cookie-2") == nil)
            // Only the digest is stored.
            let stored = try await db.makeDatabase(size: 1, superuser: true).query("SELECT token_hash FROM sessions")
            #expect(try stored.map { (row) throws(StoreError) in try row.string("token_hash") } != ["cookie-1"])

            try await sessions.delete(token: "cookie-1")
            #expect(try await sessions.find(token: "cookie-1") == nil)

            try await sessions.create(token: "cookie-3", csrfToken: "c", user: viewer, scope: fleet.viewerA)
            try await Task.sleep(for: .seconds(2))
            #expect(try await sessions.find(token: "cookie-3") == nil, "idle session survived")

            try await sessions.create(token: "cookie-4", csrfToken: "c", user: viewer, scope: fleet.viewerA)
            _ = try await users.update(viewer.id, displayName: "", role: .viewer, language: nil, isActive: false, scope: fleet.customerA)
            #expect(try await sessions.find(token: "cookie-4") == nil, "a deactivated user's session survived")
            #expect(try await users.credentials(email: "viewer@a.test") == nil)
        }
    }

    @Test func passwordChangeEndsOtherSessions() async throws {
        try await TestPostgres.withDatabase { db in
            let fleet = try await Fleet.make(db)
            let sessions = SessionStore(database: fleet.store)
            let users = UserStore(database: fleet.store)
            let admin = try #require(try await users.find(fleet.customerA.userID, scope: fleet.customerA))
            try await sessions.create(token: "here", csrfToken: "c", user: admin, scope: fleet.customerA)
            try await sessions.create(token: "elsewhere", csrfToken: "c", user: admin, scope: fleet.customerA)
            #expect(try await users.setPasswordHash(admin.id, "new-hash", keepSession: "here", scope: fleet.customerA))
            #expect(try await sessions.find(token: "here") != nil)
            #expect(try await sessions.find(token: "elsewhere") == nil)
        }
    }

    @Test func repeatedFailuresThrottleSignIn() async throws {
        try await TestPostgres.withDatabase { db in
            let throttle = LoginThrottle(database: db.database, perEmail: 3, perAddress: 5)
            for _ in 0..<2 { try await throttle.recordFailure(email: "Who@x.test", address: "192.0.2.1") }
            #expect(try await throttle.isThrottled(email: "who@x.test", address: "192.0.2.9") == false)
            try await throttle.recordFailure(email: "who@x.test", address: "192.0.2.1")
            #expect(try await throttle.isThrottled(email: "WHO@x.test", address: "192.0.2.9"))
            for i in 0..<5 { try await throttle.recordFailure(email: "other\(i)@x.test", address: "198.51.100.7") }
            #expect(try await throttle.isThrottled(email: "fresh@x.test", address: "198.51.100.7"))
            try await throttle.clear(email: "who@x.test")
            #expect(try await throttle.isThrottled(email: "who@x.test", address: "192.0.2.9") == false)
        }
    }

    @Test func bootstrapHappensOnceAndBadInputChangesNothing() async throws {
        try await TestPostgres.withDatabase { db in
            async let first = Bootstrap.run(database: db.database, organizationName: "One", email: "a@one.test", passwordHash: "h")
            async let second = Bootstrap.run(database: db.database, organizationName: "Two", email: "b@two.test", passwordHash: "h")
            let results = try await [first, second]
            #expect(results.filter { $0 }.count == 1)
            let scope = try #require(try await UserStore(database: db.database).credentials(email: results[0] ? "a@one.test" : "b@two.test")).scope
            let users = UserStore(database: db.database)
            guard case .invalid(let errors) = try await users.create(
                UserDraft(email: "not an email", displayName: "\u{7}", role: nil, language: "xx", organizationID: scope.homeOrganizationID),
                passwordHash: "h", scope: scope) else { throw TestFailure("nonsense was stored") }
            #expect(Set(errors.map(\.field)) == ["email", "display_name", "role", "language"])
            #expect(try await users.list(scope: scope).count == 1)
        }
    }

    @Test func takenEmailIsAFieldError() async throws {
        try await TestPostgres.withDatabase { db in
            let fleet = try await Fleet.make(db)
            let result = try await UserStore(database: fleet.store).create(
                UserDraft(email: "Admin@A.test", displayName: "", role: .viewer, organizationID: fleet.customerAOrg),
                passwordHash: "h", scope: fleet.customerA)
            guard case .invalid(let errors) = result else { throw TestFailure("duplicate e-mail was stored") }
            #expect(errors == [FieldError("email", "email.taken")])
        }
    }
}

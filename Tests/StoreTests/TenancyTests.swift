import Foundation
import Store
import Testing
import TestSupport

/// A dealer with two customers, and an unrelated organization: the fixture every tenancy test uses.
/// Synthetic data. Password hashes are opaque strings here (hashing belongs to the Secrets module).
struct Fleet {
    let db: TestDatabase
    var store: Database { db.database }
    let dealer: TenantScope, customerA: TenantScope, viewerA: TenantScope, customerB: TenantScope, stranger: TenantScope
    let strangerOrg: Int64, customerAOrg: Int64, customerBOrg: Int64

    static func make(_ db: TestDatabase) async throws -> Fleet {
        let store = db.database
        #expect(try await Bootstrap.run(database: store, organizationName: "Dealer", email: "boss@dealer.test", passwordHash: "h"))
        let before = try #require(try await UserStore(database: store).credentials(email: "BOSS@dealer.test")).scope
        let orgs = OrganizationStore(database: store)
        guard case .saved(let a) = try await orgs.create(OrganizationDraft(name: "Customer A"), parentID: before.homeOrganizationID, scope: before),
              case .saved(let b) = try await orgs.create(OrganizationDraft(name: "Customer B"), parentID: before.homeOrganizationID, scope: before)
        else { throw TestFailure("could not create customers") }
        // A scope is computed when a session or token is looked up: the new customers join the next one.
        #expect(!before.contains(a.id))
        let dealer = try #require(try await UserStore(database: store).credentials(email: "boss@dealer.test")).scope
        // An unrelated tenant, made behind the application's back (as another dealer's first start would).
        let admin = db.makeDatabase(size: 1, superuser: true)
        let strangerOrg = try #require(try await admin.queryOne("INSERT INTO organizations (name) VALUES ('Stranger') RETURNING id")).int64("id")
        _ = try await admin.execute("""
            INSERT INTO users (organization_id, email, password_hash, role) VALUES (\(strangerOrg), 'admin@stranger.test', 'h', 'admin')
            """)
        admin.close()
        let users = UserStore(database: store)
        for (email, org, role) in [("admin@a.test", a.id, Role.admin), ("viewer@a.test", a.id, .viewer), ("admin@b.test", b.id, .admin)] {
            guard case .saved = try await users.create(UserDraft(email: email, displayName: email, role: role, organizationID: org),
                                                       passwordHash: "h", scope: dealer) else { throw TestFailure("user \(email)") }
        }
        func scope(_ email: String) async throws -> TenantScope { try #require(try await users.credentials(email: email)).scope }
        return Fleet(db: db, dealer: dealer, customerA: try await scope("admin@a.test"), viewerA: try await scope("viewer@a.test"),
                     customerB: try await scope("admin@b.test"), stranger: try await scope("admin@stranger.test"),
                     strangerOrg: strangerOrg, customerAOrg: a.id, customerBOrg: b.id)
    }
}

struct TestFailure: Error { let text: String; init(_ text: String) { self.text = text } }

@Suite struct TenancyTests {
    @Test func scopesFollowTheOrganizationTree() async throws {
        try await TestPostgres.withDatabase { db in
            let fleet = try await Fleet.make(db)
            #expect(Set(fleet.dealer.organizationIDs) == [fleet.dealer.homeOrganizationID, fleet.customerAOrg, fleet.customerBOrg])
            #expect(fleet.customerA.organizationIDs == [fleet.customerAOrg])
            #expect(fleet.stranger.organizationIDs == [fleet.strangerOrg])
            let orgs = OrganizationStore(database: fleet.store)
            #expect(try await orgs.list(scope: fleet.customerA).map(\.name) == ["Customer A"])
            #expect(Set(try await orgs.list(scope: fleet.dealer).map(\.name)) == ["Dealer", "Customer A", "Customer B"])
            let visible = try await UserStore(database: fleet.store).list(scope: fleet.dealer).map(\.email)
            #expect(!visible.contains("admin@stranger.test"))
            #expect(visible.count == 4)
        }
    }

    @Test func noFunctionReadsOrChangesAnotherOrganization() async throws {
        try await TestPostgres.withDatabase { db in
            let fleet = try await Fleet.make(db)
            let orgs = OrganizationStore(database: fleet.store)
            let users = UserStore(database: fleet.store)
            let strangerAdmin = try #require(try await users.list(scope: fleet.stranger).first)
            let dealerAdmin = try #require(try await users.list(scope: fleet.dealer).first { $0.email == "boss@dealer.test" })

            // Reads.
            #expect(try await orgs.find(fleet.strangerOrg, scope: fleet.dealer) == nil)
            #expect(try await orgs.find(fleet.customerBOrg, scope: fleet.customerA) == nil)
            #expect(try await orgs.find(fleet.dealer.homeOrganizationID, scope: fleet.customerA) == nil)  // not upwards
            #expect(try await users.find(strangerAdmin.id, scope: fleet.dealer) == nil)
            #expect(try await users.list(scope: fleet.customerA, organizationID: fleet.customerBOrg).isEmpty)
            #expect(try await users.passwordHash(of: strangerAdmin.id, scope: fleet.customerA) == nil)

            // Writes: refused or no-ops, and the rows are unchanged afterwards.
            await #expect(throws: StoreError.insufficientPrivilege) {
                _ = try await orgs.create(OrganizationDraft(name: "Mine"), parentID: fleet.strangerOrg, scope: fleet.dealer)
            }
            #expect(try await orgs.update(fleet.strangerOrg, OrganizationDraft(name: "Taken"), scope: fleet.dealer) == nil)
            #expect(try await orgs.update(fleet.dealer.homeOrganizationID, OrganizationDraft(name: "Taken"), scope: fleet.customerA) == nil)
            await #expect(throws: StoreError.insufficientPrivilege) {
                _ = try await users.create(UserDraft(email: "spy@x.test", displayName: "", role: .admin, organizationID: fleet.strangerOrg),
                                           passwordHash: "h", scope: fleet.dealer)
            }
            #expect(try await users.update(strangerAdmin.id, displayName: "pwned", role: .viewer, language: nil, isActive: false,
                                           scope: fleet.dealer) == nil)
            #expect(try await users.setPasswordHash(strangerAdmin.id, "pwned", scope: fleet.customerA) == false)
            #expect(try await users.setPasswordHash(dealerAdmin.id, "pwned", scope: fleet.customerA) == false)
            let strangerAfter = try #require(try await users.list(scope: fleet.stranger).first)
            #expect(strangerAfter == strangerAdmin)
            #expect(try await users.passwordHash(of: strangerAdmin.id, scope: fleet.stranger) == "h")
            #expect(try await users.passwordHash(of: dealerAdmin.id, scope: fleet.dealer) == "h")
            #expect(try await orgs.find(fleet.strangerOrg, scope: fleet.stranger)?.name == "Stranger")

            // API tokens: another tenant's token is neither listed nor revocable.
            guard case .saved(let token) = try await APITokenStore(database: fleet.store).create(name: "erp", token: "tok-stranger", scope: fleet.stranger)
            else { throw TestFailure("token") }
            #expect(try await APITokenStore(database: fleet.store).list(scope: fleet.dealer).isEmpty)
            #expect(try await APITokenStore(database: fleet.store).revoke(token.id, scope: fleet.dealer) == false)
            #expect(try await APITokenStore(database: fleet.store).authenticate(token: "tok-stranger")?.scope == fleet.stranger)
        }
    }

    @Test func rolesLimitWhatAScopeMayChange() async throws {
        try await TestPostgres.withDatabase { db in
            let fleet = try await Fleet.make(db)
            let users = UserStore(database: fleet.store)
            await #expect(throws: StoreError.insufficientPrivilege) {
                _ = try await users.create(UserDraft(email: "new@a.test", displayName: "", role: .viewer, organizationID: fleet.customerAOrg),
                                           passwordHash: "h", scope: fleet.viewerA)
            }
            await #expect(throws: StoreError.insufficientPrivilege) {
                _ = try await OrganizationStore(database: fleet.store).create(OrganizationDraft(name: "Sub"), parentID: fleet.customerAOrg, scope: fleet.viewerA)
            }
            // A viewer may still change their own password and language.
            #expect(try await users.setPasswordHash(fleet.viewerA.userID, "new", scope: fleet.viewerA))
            guard case .saved = try await users.setLanguage("pl", scope: fleet.viewerA) else { throw TestFailure("language") }
            // An admin cannot demote themselves.
            guard case .invalid(let errors)? = try await users.update(fleet.customerA.userID, displayName: "", role: .viewer, language: nil,
                                                                     isActive: true, scope: fleet.customerA) else { throw TestFailure("demotion") }
            #expect(errors == [FieldError("role", "role.self_demotion")])
        }
    }

    /// Row-level security alone, with no WHERE clause in the SQL: what a forgotten filter would do.
    @Test func rowLevelSecurityBacksUpAForgottenFilter() async throws {
        try await TestPostgres.withDatabase { db in
            let fleet = try await Fleet.make(db)
            let settings = ["printercare.org_ids": "{\(fleet.customerAOrg)}"]
            let emails = try await fleet.store.transaction(settings: settings) { (tx) throws(StoreError) in
                try tx.query("SELECT email FROM users ORDER BY email").map { (row) throws(StoreError) in try row.string("email") }
            }
            #expect(emails == ["admin@a.test", "viewer@a.test"])
            let renamed = try await fleet.store.transaction(settings: settings) { (tx) throws(StoreError) in
                try tx.execute("UPDATE users SET display_name = 'everyone'")
            }
            #expect(renamed == 2)
            let deleted = try await fleet.store.transaction(settings: settings) { (tx) throws(StoreError) in
                try tx.execute("DELETE FROM api_tokens")
            }
            #expect(deleted == 0)
            await #expect(throws: StoreError.insufficientPrivilege) {
                try await fleet.store.transaction(settings: settings) { (tx) throws(StoreError) in
                    _ = try tx.execute("INSERT INTO users (organization_id, email, password_hash, role) VALUES (\(fleet.strangerOrg), 'x@y.z', 'h', 'admin')")
                }
            }
            await #expect(throws: StoreError.insufficientPrivilege) {
                try await fleet.store.transaction(settings: settings) { (tx) throws(StoreError) in
                    _ = try tx.execute("UPDATE users SET organization_id = \(fleet.strangerOrg) WHERE email = 'viewer@a.test'")
                }
            }
            // No scope at all: nothing.
            #expect(try await fleet.store.query("SELECT id FROM users").isEmpty)
            #expect(try await fleet.store.query("SELECT id FROM organizations").isEmpty)
            #expect(try await fleet.store.query("SELECT id FROM login_failures").isEmpty)
        }
    }
}

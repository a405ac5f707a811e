import HTTPServer
import Store
import Testing
@testable import WebApp

/// Roles and tenancy as the pages enforce them: admins only on admin pages, and no page of one
/// customer reads or changes another customer's users or organization.
@Suite struct AccessTests {
    @Test(arguments: ["manager@a.test", "viewer@a.test"])
    func nonAdminsGet403OnAdminPagesAndChangeNothing(_ email: String) async throws {
        try await WebFleet.with { fleet in
            let client = try await fleet.client(email)
            let target = fleet.ids["viewer@a.test"]!
            for path in ["/users", "/users/new", "/users/\(target)/edit", "/organizations", "/organizations/new",
                         "/organizations/\(fleet.orgA)/edit"] {
                let page = await client.get(path)
                #expect(page.status == .forbidden, "\(path)")
                #expect(page.text.contains("Not allowed"))
            }
            let posts: [(String, [(String, String)])] = [
                ("/users", [("email", "sneaky@a.test"), ("password", "long enough password"), ("role", "admin"),
                            ("organization_id", String(fleet.orgA))]),
                ("/users/\(target)/update", [("display_name", "changed"), ("role", "admin")]),
                ("/users/\(target)/deactivate", [("active", "false")]),
                ("/users/\(target)/password", [("new_password", "a brand new password")]),
                ("/organizations", [("name", "Sneaky"), ("parent_id", String(fleet.orgA))]),
                ("/organizations/\(fleet.orgA)/update", [("name", "Renamed")]),
            ]
            for (path, form) in posts {
                #expect(await client.post(path, form).status == .forbidden, "\(path)")
            }
            let viewer = try #require(try await fleet.user("viewer@a.test"))
            #expect(viewer.displayName == "User viewer@a.test" && viewer.role == .viewer && viewer.isActive)
            #expect(await WebClient(fleet.router).signIn("viewer@a.test", WebFleet.password).status == .seeOther)
            #expect(try await fleet.users.credentials(email: "sneaky@a.test") == nil)
            // Pages every role may open.
            #expect(await client.get("/").status == .ok)
            #expect(await client.get("/profile").status == .ok)
            #expect(!(await client.get("/").text.contains("href=\"/users\"")), "no admin links in the navigation")
        }
    }

    @Test func customerAdminCannotSeeOrChangeAnotherCustomer() async throws {
        try await WebFleet.with { fleet in
            let admin = try await fleet.client("admin@a.test")
            let list = await admin.get("/users").text
            #expect(list.contains("viewer@a.test"))
            #expect(!list.contains("@b.test") && !list.contains("boss@dealer.test"))
            let organizations = await admin.get("/organizations").text
            #expect(organizations.contains("Customer A") && !organizations.contains("Customer B") && !organizations.contains("Dealer"))

            let other = fleet.ids["viewer@b.test"]!
            let boss = fleet.ids["boss@dealer.test"]!
            for id in [other, boss] {
                #expect(await admin.get("/users/\(id)/edit").status == .notFound)
                #expect(await admin.post("/users/\(id)/update", [("display_name", "pwned"), ("role", "admin")]).status == .notFound)
                #expect(await admin.post("/users/\(id)/deactivate", [("active", "false")]).status == .notFound)
                #expect(await admin.post("/users/\(id)/password", [("new_password", "taken over password")]).status == .notFound)
            }
            for org in [fleet.orgB, fleet.dealerOrg] {
                #expect(await admin.get("/organizations/\(org)/edit").status == .notFound)
                #expect(await admin.post("/organizations/\(org)/update", [("name", "pwned")]).status == .notFound)
            }
            // Creating into another customer is refused at the field, and nothing is created.
            let intoB = await admin.post("/users", [("email", "planted@b.test"), ("password", "long enough password"),
                                                    ("role", "admin"), ("organization_id", String(fleet.orgB))])
            #expect(intoB.status == .unprocessableContent)
            #expect(intoB.text.contains("Choose an organization within your reach."))
            #expect(try await fleet.users.credentials(email: "planted@b.test") == nil)
            let belowB = await admin.post("/organizations", [("name", "Planted"), ("parent_id", String(fleet.orgB))])
            #expect(belowB.status == .unprocessableContent)

            let victim = try #require(try await fleet.user("viewer@b.test"))
            #expect(victim.displayName == "User viewer@b.test" && victim.role == .viewer && victim.isActive)
            #expect(await WebClient(fleet.router).signIn("viewer@b.test", WebFleet.password).status == .seeOther)
            #expect(await WebClient(fleet.router).signIn("boss@dealer.test", WebFleet.password).status == .seeOther)
        }
    }

    @Test func dealerAdminManagesCustomersBelowIt() async throws {
        try await WebFleet.with { fleet in
            let dealer = try await fleet.client("boss@dealer.test")
            let list = await dealer.get("/users").text
            #expect(list.contains("viewer@a.test") && list.contains("viewer@b.test"))
            let created = await dealer.post("/organizations", [("name", "Customer C"), ("parent_id", String(fleet.dealerOrg))])
            #expect(created.status == .seeOther && created.headers["Location"] == "/organizations")
            let organizations = await dealer.get("/organizations")
            #expect(organizations.text.contains("Customer C") && organizations.text.contains("Organization created."))
            let dealerScope = try #require(try await fleet.users.credentials(email: "boss@dealer.test")).scope
            let customerC = try #require(try await OrganizationStore(database: fleet.db.database).list(scope: dealerScope)
                .first { $0.name == "Customer C" })
            #expect(customerC.parentID == fleet.dealerOrg)
            let user = await dealer.post("/users", [("display_name", "Carol"), ("email", "carol@c.test"), ("password", "long enough password"),
                                                    ("role", "admin"), ("organization_id", String(customerC.id))])
            #expect(user.status == .seeOther)
            // Carol, admin of C, sees C alone.
            let carol = WebClient(fleet.router)
            #expect(await carol.signIn("carol@c.test", "long enough password").status == .seeOther)
            let users = await carol.get("/users").text
            #expect(users.contains("carol@c.test") && !users.contains("@a.test"))
            // The dealer can change a customer's user.
            let viewerB = fleet.ids["viewer@b.test"]!
            #expect(await dealer.post("/users/\(viewerB)/update", [("display_name", "Bea"), ("role", "manager")]).status == .seeOther)
            let changed = try #require(try await fleet.user("viewer@b.test"))
            #expect(changed.displayName == "Bea" && changed.role == .manager)
        }
    }
}

import Foundation
import Secrets
import Store
import Testing
import TestSupport

/// Agents through the API: creation with a one-time token, roles, tenancy, revocation.
@Suite struct AgentAPITests {
    @Test func adminCreatesAnAgentWithAOneTimeToken() async throws {
        try await APIFleet.with { fleet in
            let created = await fleet.call("admin@a.test", .post, "/api/v1/agents", json: #"{"name": "Basement agent"}"#)
            #expect(created.status == 201, "\(created.text)")
            let token = try #require(created.string("enrollment_token"))
            #expect(token.hasPrefix("pce_") && token.count > 30)
            #expect(created.string("status") == "pending")
            #expect(created.int("organization_id") == fleet.orgA)
            let id = try #require(created.int("id"))
            #expect(created.headers["Location"] == "/api/v1/agents/\(id)")
            // The token is shown once: never in later reads.
            let shown = await fleet.call("viewer@a.test", .get, "/api/v1/agents/\(id)")
            #expect(shown.status == 200 && shown.json["enrollment_token"] == nil && shown.string("name") == "Basement agent")
            #expect(!shown.text.contains(token))
            // Only its digest is stored.
            let stored = try await fleet.rows("SELECT enrollment_token_hash FROM agents WHERE id = \(id)")
            #expect(try stored.first?.string("enrollment_token_hash") == Tokens.digest(token))
        }
    }

    @Test func nonAdminsCannotCreateOrRevokeAndNothingChanges() async throws {
        try await APIFleet.with { fleet in
            for user in ["manager@a.test", "viewer@a.test"] {
                let refused = await fleet.call(user, .post, "/api/v1/agents", json: #"{"name": "x"}"#)
                #expect(refused.status == 403 && refused.errorCode == "forbidden")
            }
            let made = await fleet.call("admin@a.test", .post, "/api/v1/agents", json: #"{"name": "real"}"#)
            let id = try #require(made.int("id"))
            #expect(await fleet.call("manager@a.test", .post, "/api/v1/agents/\(id)/revoke").status == 403)
            #expect(await fleet.call("admin@a.test", .get, "/api/v1/agents").items.count == 1)
            #expect(await fleet.call("admin@a.test", .get, "/api/v1/agents/\(id)").string("status") == "pending")
        }
    }

    @Test func anotherOrganizationSeesNothing() async throws {
        try await APIFleet.with { fleet in
            let made = await fleet.call("admin@a.test", .post, "/api/v1/agents", json: #"{"name": "A's"}"#)
            let id = try #require(made.int("id"))
            #expect(await fleet.call("admin@b.test", .get, "/api/v1/agents").items.isEmpty)
            #expect(await fleet.call("admin@b.test", .get, "/api/v1/agents/\(id)").status == 404)
            #expect(await fleet.call("admin@b.test", .post, "/api/v1/agents/\(id)/revoke").status == 404)
            // B's admin cannot make an agent in A either.
            let sneaky = await fleet.call("admin@b.test", .post, "/api/v1/agents", json: #"{"name": "x", "organization_id": \#(fleet.orgA)}"#)
            #expect(sneaky.status == 422 && sneaky.fieldCodes == ["organization_id.invalid"])
            // The dealer reaches both.
            #expect(await fleet.call("boss@dealer.test", .get, "/api/v1/agents/\(id)").status == 200)
            #expect(await fleet.call("admin@a.test", .get, "/api/v1/agents/\(id)").string("status") == "pending")
        }
    }

    @Test func revokeIsFinalAndRepeatable() async throws {
        try await APIFleet.with { fleet in
            let id = try #require(await fleet.call("admin@a.test", .post, "/api/v1/agents", json: #"{"name": "r"}"#).int("id"))
            let revoked = await fleet.call("admin@a.test", .post, "/api/v1/agents/\(id)/revoke")
            #expect(revoked.status == 200 && revoked.string("status") == "revoked" && revoked.string("revoked_at") != nil)
            let again = await fleet.call("admin@a.test", .post, "/api/v1/agents/\(id)/revoke")
            #expect(again.status == 200 && again.string("revoked_at") == revoked.string("revoked_at"))
        }
    }

    @Test func badRequestsGetTheOneErrorShape() async throws {
        try await APIFleet.with { fleet in
            let none = await fleet.call(nil, .get, "/api/v1/agents")
            #expect(none.status == 401 && none.errorCode == "unauthorized" && none.headers["WWW-Authenticate"] != nil)
            #expect(await fleet.call("pc_not-a-token", .get, "/api/v1/agents").status == 401)
            let broken = await fleet.call("admin@a.test", .post, "/api/v1/agents", json: #"{"name": "#)
            #expect(broken.status == 400 && broken.errorCode == "invalid_json")
            let array = await fleet.call("admin@a.test", .post, "/api/v1/agents", json: "[1]")
            #expect(array.status == 400)
            let wrongType = await fleet.call("admin@a.test", .post, "/api/v1/agents", json: #"{"name": 7}"#)
            #expect(wrongType.status == 422 && wrongType.fieldCodes == ["name.invalid"])
            let empty = await fleet.call("admin@a.test", .post, "/api/v1/agents", json: #"{"name": "  "}"#)
            #expect(empty.status == 422 && empty.fieldCodes == ["name.required"])
            let form = await fleet.call("admin@a.test", .post, "/api/v1/agents", json: "name=x",
                                        headers: [("Content-Type", "application/x-www-form-urlencoded")])
            #expect(form.status == 415)
            #expect(await fleet.call("admin@a.test", .get, "/api/v1/agents/abc").status == 404)
            let unknown = await fleet.call("admin@a.test", .get, "/api/v1/printers")
            #expect(unknown.status == 404 && unknown.errorCode == "not_found")
            let wrongMethod = await fleet.call("admin@a.test", .put, "/api/v1/agents", json: "{}")
            #expect(wrongMethod.status == 405 && wrongMethod.errorCode == "method_not_allowed")
            #expect(wrongMethod.headers["Allow"] == "GET, POST")
            // None of it made an agent.
            #expect(await fleet.call("admin@a.test", .get, "/api/v1/agents").items.isEmpty)
        }
    }
}

import Foundation
import HTTPServer
import Store
import Testing
import TestSupport
@testable import API

/// One organization or user by id, and changing them: admins only, within reach only (another
/// tenant's ids answer 404), bad input refused field by field with nothing changed, and a deactivated
/// user's API token stops working at once. Synthetic names throughout (APIFleet).
@Suite struct OrganizationUserAPITests {
    /// The id of the user with `email`, as the dealer's admin sees it.
    static func userID(_ fleet: APIFleet, _ email: String) async throws -> Int64 {
        let list = await fleet.call("boss@dealer.test", .get, "/api/v1/users")
        let user = try #require(list.items.first { $0["email"] as? String == email }, "\(list.text)")
        return try #require((user["id"] as? NSNumber)?.int64Value)
    }

    @Test func organizationsAreShownAndChangedByAdminsWithinReach() async throws {
        try await APIFleet.with { fleet in
            let path = "/api/v1/organizations/\(fleet.orgA)"
            let shown = await fleet.call("viewer@a.test", .get, path)
            #expect(shown.status == 200 && shown.string("name") == "Customer A" && shown.string("time_zone") == "UTC")

            let changed = await fleet.call("admin@a.test", .patch, path, json: #"{"time_zone": "Europe/Warsaw", "language": "pl"}"#)
            #expect(changed.status == 200, "\(changed.text)")
            #expect(changed.string("name") == "Customer A", "fields not given are kept")
            #expect(changed.string("time_zone") == "Europe/Warsaw" && changed.string("language") == "pl")
            #expect(await fleet.call("boss@dealer.test", .get, path).string("time_zone") == "Europe/Warsaw")

            // Roles and tenancy.
            #expect(await fleet.call("manager@a.test", .patch, path, json: #"{"name": "Taken over"}"#).status == 403)
            #expect(await fleet.call("admin@b.test", .get, path).status == 404)
            #expect(await fleet.call("admin@b.test", .patch, path, json: #"{"name": "Taken over"}"#).status == 404)
            #expect(await fleet.call("admin@a.test", .get, "/api/v1/organizations/\(fleet.dealerOrg)").status == 404,
                    "a customer does not see its dealer")

            // Bad input: a clear error per field, nothing stored.
            for (json, code) in [(#"{"time_zone": "Mars/Olympus"}"#, "time_zone.invalid"), (#"{"name": 5}"#, "name.invalid"),
                                 (#"{"language": "xx"}"#, "language.invalid"), (#"{"name": ""}"#, "name.required")] {
                let refused = await fleet.call("admin@a.test", .patch, path, json: json)
                #expect(refused.status == 422 && refused.fieldCodes.contains(code), "\(json): \(refused.text)")
            }
            #expect(await fleet.call("admin@a.test", .patch, path, json: "[1, 2]").status == 400)
            let after = await fleet.call("admin@a.test", .get, path)
            #expect(after.string("name") == "Customer A" && after.string("time_zone") == "Europe/Warsaw" && after.string("language") == "pl")
        }
    }

    @Test func usersAreShownAndChangedByAdminsWithinReach() async throws {
        try await APIFleet.with { fleet in
            let viewer = try await Self.userID(fleet, "viewer@a.test")
            let manager = try await Self.userID(fleet, "manager@a.test")
            let admin = try await Self.userID(fleet, "admin@a.test")

            // Oneself is visible to every role; others only to admins.
            #expect(await fleet.call("viewer@a.test", .get, "/api/v1/users/\(viewer)").string("email") == "viewer@a.test")
            #expect(await fleet.call("viewer@a.test", .get, "/api/v1/users/\(manager)").status == 404)
            #expect(await fleet.call("viewer@a.test", .patch, "/api/v1/users/\(viewer)", json: #"{"role": "admin"}"#).status == 403)
            #expect(await fleet.call("admin@b.test", .get, "/api/v1/users/\(viewer)").status == 404)
            #expect(await fleet.call("admin@b.test", .patch, "/api/v1/users/\(viewer)", json: #"{"is_active": false}"#).status == 404)

            let promoted = await fleet.call("admin@a.test", .patch, "/api/v1/users/\(viewer)",
                                            json: #"{"role": "manager", "display_name": "Vera", "language": "de"}"#)
            #expect(promoted.status == 200, "\(promoted.text)")
            #expect(promoted.string("role") == "manager" && promoted.string("display_name") == "Vera" && promoted.string("language") == "de")
            let cleared = await fleet.call("admin@a.test", .patch, "/api/v1/users/\(viewer)", json: #"{"language": null}"#)
            #expect(cleared.status == 200 && cleared.json["language"] is NSNull && cleared.string("role") == "manager")

            // Bad input: field errors, nothing changed.
            for (json, code) in [(#"{"role": "owner"}"#, "role.invalid"), (#"{"is_active": "no"}"#, "is_active.invalid"),
                                 (#"{"language": "xx"}"#, "language.invalid")] {
                let refused = await fleet.call("admin@a.test", .patch, "/api/v1/users/\(viewer)", json: json)
                #expect(refused.status == 422 && refused.fieldCodes.contains(code), "\(json): \(refused.text)")
            }
            #expect(await fleet.call("admin@a.test", .get, "/api/v1/users/\(viewer)").string("role") == "manager")

            // An admin cannot lock themselves out.
            let demoted = await fleet.call("admin@a.test", .patch, "/api/v1/users/\(admin)", json: #"{"role": "viewer"}"#)
            #expect(demoted.status == 422 && demoted.fieldCodes.contains("role.self_demotion"), "\(demoted.text)")

            // Deactivating ends the user's access through the API at once.
            #expect(await fleet.call("manager@a.test", .get, "/api/v1/devices").status == 200)
            let off = await fleet.call("admin@a.test", .patch, "/api/v1/users/\(manager)", json: #"{"is_active": false}"#)
            #expect(off.status == 200 && off.json["is_active"] as? Bool == false)
            #expect(await fleet.call("manager@a.test", .get, "/api/v1/devices").status == 401)
        }
    }
}

import Foundation
import HTTPServer
import Testing
import TestSupport

/// Address ranges through the API: both forms, every refusal, PATCH, DELETE, discover, tenancy.
@Suite struct AddressRangeAPITests {
    func agent(_ fleet: APIFleet, _ admin: String = "admin@a.test") async throws -> Int64 {
        try #require(await fleet.call(admin, .post, "/api/v1/agents", json: #"{"name": "agent"}"#).int("id"))
    }

    @Test func createReadPatchDelete() async throws {
        try await APIFleet.with { fleet in
            let agentID = try await agent(fleet)
            let made = await fleet.call("manager@a.test", .post, "/api/v1/address-ranges", json: """
                {"agent_id": \(agentID), "name": "Office", "cidr": "192.0.2.0/24", "snmp_community": "public", "snmp_version": "2c", "snmp_port": 161}
                """)
            #expect(made.status == 201, "\(made.text)")
            #expect(made.string("first_address") == "192.0.2.1" && made.string("last_address") == "192.0.2.254")
            #expect(made.string("cidr") == "192.0.2.0/24")
            let id = try #require(made.int("id"))
            let patched = await fleet.call("manager@a.test", .patch, "/api/v1/address-ranges/\(id)",
                                           json: #"{"first_address": "192.0.2.10", "last_address": "192.0.2.20", "snmp_version": "1"}"#)
            #expect(patched.status == 200, "\(patched.text)")
            #expect(patched.json["cidr"] is NSNull && patched.string("first_address") == "192.0.2.10" && patched.string("snmp_version") == "1")
            #expect(patched.string("name") == "Office")
            #expect(await fleet.call("viewer@a.test", .get, "/api/v1/address-ranges").items.count == 1)
            #expect(await fleet.call("viewer@a.test", .delete, "/api/v1/address-ranges/\(id)").status == 403)
            #expect(await fleet.call("manager@a.test", .delete, "/api/v1/address-ranges/\(id)").status == 204)
            #expect(await fleet.call("manager@a.test", .get, "/api/v1/address-ranges/\(id)").status == 404)
        }
    }

    @Test(arguments: [
        (#""cidr": "192.0.2.7/24""#, "cidr.host_bits_set"),
        (#""cidr": "10.0.0.0/8""#, "cidr.too_large"),
        (#""cidr": "192.0.2.0/33""#, "cidr.invalid"),
        (#""cidr": "192.0.2.1""#, "cidr.invalid"),
        (#""first_address": "192.0.2.9", "last_address": "192.0.2.1""#, "last_address.reversed"),
        (#""first_address": "192.0.2.300", "last_address": "192.0.2.1""#, "first_address.invalid"),
        (#""first_address": "192.0.2.1""#, "cidr.exclusive"),
        (#""cidr": "192.0.2.0/24", "first_address": "192.0.2.1", "last_address": "192.0.2.2""#, "cidr.exclusive"),
        (#""cidr": "192.0.2.0/24", "snmp_version": "3""#, "snmp_version.invalid"),
        (#""cidr": "192.0.2.0/24", "snmp_port": 0"#, "snmp_port.invalid"),
        (#""cidr": "192.0.2.0/24", "snmp_community": """#, "snmp_community.invalid"),
        (#""cidr": "192.0.2.0/24", "snmp_port": "161""#, "snmp_port.invalid"),
    ])
    func invalidRangesAreRefusedAndNothingIsStored(fields: String, code: String) async throws {
        try await APIFleet.with { fleet in
            let agentID = try await agent(fleet)
            let refused = await fleet.call("manager@a.test", .post, "/api/v1/address-ranges",
                                           json: #"{"agent_id": \#(agentID), "name": "bad", \#(fields)}"#)
            #expect(refused.status == 422, "\(refused.text)")
            #expect(refused.fieldCodes.contains(code), "\(refused.text)")
            #expect(await fleet.call("manager@a.test", .get, "/api/v1/address-ranges").items.isEmpty)
        }
    }

    @Test func anotherOrganizationsAgentOrRangeIsOutOfReach() async throws {
        try await APIFleet.with { fleet in
            let agentA = try await agent(fleet)
            let agentB = try await agent(fleet, "admin@b.test")
            let intoB = await fleet.call("manager@a.test", .post, "/api/v1/address-ranges",
                                         json: #"{"agent_id": \#(agentB), "name": "x", "cidr": "192.0.2.0/24"}"#)
            #expect(intoB.status == 422 && intoB.fieldCodes == ["agent_id.invalid"])
            let made = await fleet.call("manager@a.test", .post, "/api/v1/address-ranges",
                                        json: #"{"agent_id": \#(agentA), "name": "x", "cidr": "192.0.2.0/24"}"#)
            let id = try #require(made.int("id"))
            for (method, path) in [(HTTPMethodName.get, ""), (.delete, ""), (.post, "/discover")] {
                let answer = await fleet.call("admin@b.test", method.method, "/api/v1/address-ranges/\(id)\(path)")
                #expect(answer.status == 404, "\(method) \(path)")
            }
            let moved = await fleet.call("admin@b.test", .patch, "/api/v1/address-ranges/\(id)", json: #"{"name": "mine"}"#)
            #expect(moved.status == 404)
            // Moving A's range to B's agent is refused too.
            let toB = await fleet.call("admin@a.test", .patch, "/api/v1/address-ranges/\(id)", json: #"{"agent_id": \#(agentB)}"#)
            #expect(toB.status == 422)
            #expect(await fleet.call("admin@a.test", .get, "/api/v1/address-ranges/\(id)").string("name") == "x")
        }
    }

    @Test func discoverQueuesOneCommandForTheRangesAgent() async throws {
        try await APIFleet.with { fleet in
            let agentID = try await agent(fleet)
            let id = try #require(await fleet.call("manager@a.test", .post, "/api/v1/address-ranges", json: """
                {"agent_id": \(agentID), "name": "x", "first_address": "127.0.0.2", "last_address": "127.0.0.9", "snmp_community": "c1"}
                """).int("id"))
            let queued = await fleet.call("manager@a.test", .post, "/api/v1/address-ranges/\(id)/discover")
            #expect(queued.status == 202 && queued.string("kind") == "discovery" && queued.int("agent_id") == agentID)
            #expect(await fleet.call("viewer@a.test", .post, "/api/v1/address-ranges/\(id)/discover").status == 403)
            // Asking again while it is still queued answers the same command, not a second scan.
            let again = await fleet.call("manager@a.test", .post, "/api/v1/address-ranges/\(id)/discover")
            #expect(again.status == 202 && again.int("id") == queued.int("id"))
            let rows = try await fleet.rows("SELECT payload::text AS payload FROM agent_commands")
            #expect(rows.count == 1)
            let payload = try rows.first?.string("payload") ?? ""
            #expect(payload.contains(#""range": "127.0.0.2-127.0.0.9""#) && payload.contains(#""community": "c1""#), "\(payload)")
        }
    }
}

/// Methods named for parameterised tests (HTTPMethod is not CustomStringConvertible).
enum HTTPMethodName: String, CustomStringConvertible {
    case get, delete, post
    var description: String { rawValue }
    var method: HTTPServer.HTTPMethod {
        switch self {
        case .get: .get
        case .delete: .delete
        case .post: .post
        }
    }
}

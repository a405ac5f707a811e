import Foundation
import HTTPServer

/// `GET /api/v1/openapi.json`: an OpenAPI 3.0 document made from `API.table` (so every operation the
/// server answers is listed, and nothing else) and the schemas below, which mirror `Representation`.
enum OpenAPIDocument {
    static let response: HTTPResponse = {
        var response = HTTPResponse.json(JSON.encode(document))
        response.headers.add("Cache-Control", "public, max-age=300")
        return response
    }()

    static var document: JSON.Object {
        var paths: [String: JSON.Object] = [:]
        for route in API.table {
            let path = "/api/v1" + route.path.split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            var operation: JSON.Object = ["summary": route.summary, "security": [["bearer": [String]()]]]
            let parameters = route.path.split(separator: "/").filter { $0.hasPrefix(":") }.map { name -> JSON.Object in
                ["name": String(name.dropFirst()), "in": "path", "required": true, "schema": ["type": "integer", "format": "int64"]]
            }
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if let body = route.body {
                operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(body)]]]
            }
            var responses: JSON.Object = [
                "401": errorResponse("No valid bearer token"), "403": errorResponse("The role does not allow this"),
                "404": errorResponse("Not found, or outside the caller's organizations"),
            ]
            if route.body != nil || route.method == .get { responses["422"] = errorResponse("Invalid fields or query parameters") }
            if route.body != nil { responses["400"] = errorResponse("The body is not a JSON object") }
            if let schema = route.success.schema {
                responses[String(route.success.status)] = ["description": "Success", "content": ["application/json": ["schema": ref(schema)]]]
            } else {
                responses[String(route.success.status)] = ["description": "Success, no body"]
            }
            operation["responses"] = responses
            paths[path, default: [:]][method(route.method)] = operation
        }
        return ["openapi": "3.0.3",
                "info": ["title": "PrinterCare API", "version": "1"],
                "servers": [["url": "/"]],
                "components": ["securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]], "schemas": schemas],
                "paths": paths]
    }

    private static func method(_ method: HTTPMethod) -> String {
        switch method {
        case .get: "get"
        case .post: "post"
        case .patch: "patch"
        case .put: "put"
        case .delete: "delete"
        default: "get"
        }
    }

    private static func ref(_ name: String) -> JSON.Object { ["$ref": "#/components/schemas/\(name)"] }

    private static func errorResponse(_ text: String) -> JSON.Object {
        ["description": text, "content": ["application/json": ["schema": ref("Error")]]]
    }

    private static func object(_ properties: [String: JSON.Object], required: [String] = []) -> JSON.Object {
        var schema: JSON.Object = ["type": "object", "properties": properties]
        if !required.isEmpty { schema["required"] = required }
        return schema
    }

    private static func list(_ item: String) -> JSON.Object { object(["items": ["type": "array", "items": ref(item)]], required: ["items"]) }

    private static var id: JSON.Object { ["type": "integer", "format": "int64"] }
    private static var text: JSON.Object { ["type": "string"] }
    private static var nullableText: JSON.Object { ["type": "string", "nullable": true] }
    private static var time: JSON.Object { ["type": "string", "format": "date-time"] }
    private static var nullableTime: JSON.Object { ["type": "string", "format": "date-time", "nullable": true] }

    static var schemas: JSON.Object {
        [
            "Error": object(["error": object(["code": text, "message": text,
                                              "fields": ["type": "array", "items": object(["field": text, "code": text])]],
                                             required: ["code", "message"])], required: ["error"]),
            "Organization": object(["id": id, "parent_id": ["type": "integer", "nullable": true], "name": text, "time_zone": text,
                                    "language": text, "is_active": ["type": "boolean"], "created_at": time]),
            "OrganizationInput": object(["name": text, "parent_id": id, "time_zone": text, "language": ["type": "string", "enum": ["en", "pl", "nl", "de"]]],
                                        required: ["name"]),
            "OrganizationList": list("Organization"),
            "OrganizationChange": object(["name": text, "time_zone": text, "language": ["type": "string", "enum": ["en", "pl", "nl", "de"]]]),
            "User": object(["id": id, "organization_id": id, "email": text, "display_name": text,
                            "role": ["type": "string", "enum": ["admin", "manager", "viewer"]], "language": nullableText,
                            "is_active": ["type": "boolean"], "created_at": time]),
            "UserInput": object(["email": text, "password": ["type": "string", "minLength": 10], "role": ["type": "string", "enum": ["admin", "manager", "viewer"]],
                                 "organization_id": id, "display_name": text, "language": text], required: ["email", "password", "role"]),
            "UserList": list("User"),
            "UserChange": object(["display_name": text, "role": ["type": "string", "enum": ["admin", "manager", "viewer"]],
                                  "language": nullableText, "is_active": ["type": "boolean"]]),
            "Agent": object(["id": id, "organization_id": id, "name": text,
                             "status": ["type": "string", "enum": ["pending", "enrolled", "expired", "revoked"]],
                             "enrollment_expires_at": nullableTime, "enrolled_at": nullableTime, "revoked_at": nullableTime,
                             "last_seen_at": nullableTime, "agent_version": nullableText, "certificate_expires_at": nullableTime,
                             "created_at": time]),
            "AgentCreated": ["allOf": [ref("Agent"), object(["enrollment_token": text], required: ["enrollment_token"])]],
            "AgentInput": object(["name": text, "organization_id": id], required: ["name"]),
            "AgentList": list("Agent"),
            "AddressRange": object(["id": id, "organization_id": id, "agent_id": id, "name": text, "cidr": nullableText,
                                    "first_address": text, "last_address": text, "snmp_community": text,
                                    "snmp_version": ["type": "string", "enum": ["1", "2c"]], "snmp_port": ["type": "integer"],
                                    "exclusions": ["type": "array", "items": text],
                                    "created_at": time, "updated_at": time]),
            "AddressRangeInput": object(["agent_id": id, "name": text, "cidr": text, "first_address": text, "last_address": text,
                                         "snmp_community": text, "snmp_version": ["type": "string", "enum": ["1", "2c"]],
                                         "snmp_port": ["type": "integer", "minimum": 1, "maximum": 65535],
                                         "exclusions": ["type": "array", "items": text]]),
            "AddressRangeList": list("AddressRange"),
            "Command": object(["id": id, "organization_id": id, "agent_id": id, "kind": ["type": "string", "enum": ["discovery", "status"]],
                               "created_at": time, "sent_at": nullableTime, "completed_at": nullableTime, "result": nullableText]),
            "CommandList": list("Command"),
            "Schedule": object(["id": id, "organization_id": id, "kind": ["type": "string", "enum": ["discovery", "status"]],
                                "address_range_id": ["type": "integer", "nullable": true], "interval_minutes": ["type": "integer", "nullable": true],
                                "times_of_day": ["type": "array", "nullable": true, "items": ["type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"]],
                                "days_of_week": ["type": "array", "nullable": true, "items": ["type": "integer", "minimum": 1, "maximum": 7]],
                                "is_enabled": ["type": "boolean"], "next_run_at": time, "last_run_at": nullableTime, "created_at": time]),
            "ScheduleInput": object(["kind": ["type": "string", "enum": ["discovery", "status"]], "address_range_id": id,
                                     "organization_id": id, "interval_minutes": ["type": "integer", "minimum": 1, "maximum": 525600],
                                     "times_of_day": ["type": "array", "items": ["type": "string"]],
                                     "days_of_week": ["type": "array", "items": ["type": "integer"]], "enabled": ["type": "boolean"]]),
            "ScheduleList": list("Schedule"),
            "Device": object(["id": id, "organization_id": id, "agent_id": id, "address_range_id": ["type": "integer", "nullable": true],
                              "address": text, "snmp_community": text, "snmp_version": text, "snmp_port": ["type": "integer"],
                              "sys_object_id": nullableText, "description": nullableText, "manufacturer": nullableText,
                              "model": nullableText, "serial_number": nullableText, "mac_address": nullableText,
                              "location": nullableText, "firmware": nullableText, "inventory_number": nullableText,
                              "is_online": ["type": "boolean"], "first_seen_at": time, "last_seen_at": time,
                              "latest_reading_at": nullableTime,
                              "latest_reading": ["allOf": [ref("Reading")], "nullable": true]]),
            "DevicePage": object(["items": ["type": "array", "items": ref("Device")], "next": nullableText], required: ["items", "next"]),
            "Reading": ["type": "object", "description": "The reading object of PRODUCT.md (address, identity, status, counters, supplies, alerts, trays, collected_at)",
                        "additionalProperties": true],
            "ReadingList": list("Reading"),
        ]
    }
}

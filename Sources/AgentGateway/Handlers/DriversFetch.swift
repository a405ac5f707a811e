import FleetCore
import Foundation
import HTTPServer

/// GET /agent/v1/drivers: the server's driver set (drivers are data, PRODUCT.md), so agents pick up
/// newer drivers without being reinstalled. `If-None-Match: "<version>"` with the version the agent
/// already has answers 304; the agent keeps a set only when it is newer than its own.
enum DriversFetch {
    static func handle(_ request: GatewayRequest, _ context: GatewayContext) async -> HTTPResponse {
        let tag = "\"\(context.drivers.version)\""
        if let held = request.http.header("If-None-Match"), held.split(separator: ",").contains(where: {
            $0.trimmingCharacters(in: .whitespaces) == tag
        }) {
            var response = HTTPResponse(status: .notModified)
            response.headers.add("ETag", tag)
            return response
        }
        var response = HTTPResponse.json(context.driversJSON)
        response.headers.add("ETag", tag)
        response.headers.add("Cache-Control", "no-cache")
        return response
    }
}

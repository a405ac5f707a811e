import Foundation
import HTTPServer
import Store

/// A gateway request from an agent whose certificate the database still accepts.
struct GatewayRequest: Sendable {
    let http: HTTPRequest
    let identity: AgentIdentity
}

/// The gateway's answers: JSON, gzip when the agent accepts it, the API's error shape.
enum GatewayResponse {
    static func json(_ value: some Encodable, request: HTTPRequest, status: HTTPStatus = .ok) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(value) else { return error(.internalServerError, "internal", "The answer could not be encoded.") }
        var response = HTTPResponse.json(Array(data), status: status)
        response.headers.add("Cache-Control", "no-store")
        return response
    }

    static func error(_ status: HTTPStatus, _ code: String, _ message: String, close: Bool = false) -> HTTPResponse {
        struct Body: Encodable { let error: [String: String] }
        let data = (try? JSONEncoder().encode(Body(error: ["code": code, "message": message]))) ?? Data()
        var response = HTTPResponse.json(Array(data), status: status)
        response.closeConnection = close
        return response
    }

    /// The certificate is no longer accepted: answer and close the connection.
    static var rejected: HTTPResponse {
        error(.forbidden, "certificate_rejected", "This agent's certificate is revoked, expired or unknown.", close: true)
    }
}

/// Every gateway handler runs behind this: the verified client certificate (TLS already checked the
/// chain and the in-memory revocation list) must still be valid in the database — checked on every
/// request, so a revocation through any server process takes effect at the agent's next request.
enum GatewayPipeline {
    typealias Handler = @Sendable (GatewayRequest, GatewayContext) async -> HTTPResponse

    static func wrap(_ context: GatewayContext, _ handler: @escaping Handler) -> @Sendable (HTTPRequest) async -> HTTPResponse {
        { request in
            guard let certificate = request.peerCertificate else { return GatewayResponse.rejected }
            do {
                guard let identity = try await context.agents.validate(serial: certificate.serialNumberHex) else {
                    GatewayCounters.add(context.counters.certificatesRefused, 1)
                    context.logger.notice("gateway: refused certificate \(certificate.serialNumberHex) from \(request.remoteAddress)")
                    return GatewayResponse.rejected
                }
                return await handler(GatewayRequest(http: request, identity: identity), context)
            } catch {
                context.logger.warning("gateway: \(error)")
                return GatewayResponse.error(.serviceUnavailable, "unavailable", "The server cannot reach its database; try again.")
            }
        }
    }
}

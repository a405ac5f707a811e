import Foundation
import HTTPServer
import Store

/// POST /api/v1/agents/enroll on the web ports (the agent has no certificate yet, so not on the
/// gateway): `{"token", "csr", "version"?}` → 201 with the signed certificate, the CA certificate
/// the agent will trust for the gateway, and the gateway's port. The token is single-use and expires.
enum AgentEnroll {
    static func handle(_ request: HTTPRequest, _ context: GatewayContext) async -> HTTPResponse {
        struct Body: Decodable { let token: String; let csr: String; let version: String? }
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(request.body)) else {
            return GatewayResponse.error(.badRequest, "invalid_json", "Send {\"token\", \"csr\", \"version\"}.")
        }
        let authority = context.authority
        do {
            guard let (agent, issued) = try await context.agents.enroll(token: body.token, version: body.version, sign: { agentID, _ in
                try authority.sign(csrPEM: body.csr, agentID: agentID)
            }) else {
                return GatewayResponse.error(.unauthorized, "invalid_token", "The enrolment token is unknown, used, expired or revoked.")
            }
            GatewayCounters.add(context.counters.enrolments, 1)
            context.logger.info("agent \(agent.id) enrolled (organization \(agent.organizationID)) from \(request.remoteAddress)")
            struct Answer: Encodable {
                let agent_id: Int64, organization_id: Int64, certificate: String, ca_certificate: String, gateway_port: Int
            }
            return GatewayResponse.json(Answer(agent_id: agent.id, organization_id: agent.organizationID, certificate: issued.pem,
                                               ca_certificate: authority.certificatePEM, gateway_port: context.gatewayPort),
                                        request: request, status: .created)
        } catch StoreError.invalidInput {
            return GatewayResponse.error(.unprocessableContent, "invalid_csr", "The CSR could not be signed (malformed, or its signature does not verify).")
        } catch {
            context.logger.warning("enrolment: \(error)")
            return GatewayResponse.error(.serviceUnavailable, "unavailable", "Enrolment failed; try again.")
        }
    }
}

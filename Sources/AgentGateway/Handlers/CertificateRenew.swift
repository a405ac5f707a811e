import Foundation
import HTTPServer
import Store

/// POST /agent/v1/certificate `{"csr"}` → `{"certificate"}`: a fresh certificate for the agent holding
/// a valid one (it renews well before expiry, over its mTLS connection).
enum CertificateRenew {
    static func handle(_ request: GatewayRequest, _ context: GatewayContext) async -> HTTPResponse {
        struct Body: Decodable { let csr: String }
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(request.http.body)) else {
            return GatewayResponse.error(.badRequest, "invalid_json", "Send {\"csr\": \"<PEM>\"}.")
        }
        let authority = context.authority
        do {
            guard let issued = try await context.agents.renew(request.identity, sign: { agentID, _ in
                try authority.sign(csrPEM: body.csr, agentID: agentID)
            }) else { return GatewayResponse.rejected }
            return GatewayResponse.json(["certificate": issued.pem], request: request.http)
        } catch {
            return GatewayResponse.error(.unprocessableContent, "invalid_csr", "The CSR could not be signed.")
        }
    }
}

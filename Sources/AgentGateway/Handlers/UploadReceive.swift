import FleetCore
import Foundation
import HTTPServer
import Store

/// POST /agent/v1/uploads: an `AgentUpload` (JSON, usually `Content-Encoding: gzip`), stored in one
/// transaction at most once per upload key. Only a 200 confirms it; the agent keeps it until then.
enum UploadReceive {
    /// Largest upload after decompression (a discovery of a busy /16 with full readings stays well under).
    static let decompressedLimit = 64 << 20

    static func handle(_ request: GatewayRequest, _ context: GatewayContext) async -> HTTPResponse {
        var body = request.http.body
        switch request.http.header("Content-Encoding")?.lowercased() {
        case nil, "identity"?: break
        case "gzip"?:
            guard let inflated = Gzip.decompress(body, limit: decompressedLimit) else {
                return GatewayResponse.error(.badRequest, "invalid_encoding", "The gzip body does not decompress (or is too large).")
            }
            body = inflated
        default:
            return GatewayResponse.error(.unsupportedMediaType, "unsupported_encoding", "Send the body plain or gzip-encoded.")
        }
        let upload: AgentUpload
        do {
            upload = try JSONDecoder().decode(AgentUpload.self, from: Data(body))
        } catch {
            return GatewayResponse.error(.unprocessableContent, "invalid_upload", "The upload is not a valid AgentUpload: \(error)")
        }
        guard (8...100).contains(upload.uploadKey.utf8.count) else {
            return GatewayResponse.error(.unprocessableContent, "invalid_upload_key", "upload_key must be 8 to 100 bytes.")
        }
        // What the database would refuse is refused here, clearly, so a bad upload is never retried forever.
        for item in upload.readings {
            guard ["1", "2c"].contains(item.snmp.version), (1...65535).contains(item.snmp.port),
                  (1...64).contains(item.snmp.community.utf8.count) else {
                return GatewayResponse.error(.unprocessableContent, "invalid_upload", "A reading carries invalid SNMP settings.")
            }
        }
        do {
            let outcome = try await context.devices.ingest(upload, from: request.identity)
            if outcome.duplicate {
                GatewayCounters.add(context.counters.uploadsDuplicate, 1)
            } else {
                GatewayCounters.add(context.counters.uploadsStored, 1)
            }
            GatewayCounters.add(context.counters.readingsStored, outcome.readingsStored)
            GatewayCounters.add(context.counters.readingsRejected, outcome.rejected)
            if outcome.rejected > 0 {
                context.logger.notice("gateway: agent \(request.identity.agentID) sent \(outcome.rejected) readings of devices not its own")
            }
            struct Answer: Encodable {
                let duplicate: Bool, readings_stored: Int, devices_created: Int, rejected: Int
            }
            return GatewayResponse.json(Answer(duplicate: outcome.duplicate, readings_stored: outcome.readingsStored,
                                               devices_created: outcome.devicesCreated, rejected: outcome.rejected), request: request.http)
        } catch {
            if case .invalidInput = error {
                return GatewayResponse.error(.unprocessableContent, "invalid_upload", error.userMessage)
            }
            context.logger.warning("gateway: upload from agent \(request.identity.agentID): \(error)")
            return GatewayResponse.error(.serviceUnavailable, "unavailable", "The upload was not stored; send it again.")
        }
    }
}

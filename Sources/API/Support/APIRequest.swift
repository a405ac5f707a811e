import Foundation
import HTTPServer
import Store

/// An authenticated API request: the HTTP request and who makes it.
struct APIRequest: Sendable {
    let http: HTTPRequest
    let user: User
    let scope: TenantScope

    /// The `{id}` path parameter as a positive integer, or nil (the handler answers 404).
    func id(_ name: String = "id") -> Int64? {
        guard let text = http.parameters[name], let value = Int64(text), value > 0 else { return nil }
        return value
    }

    func query(_ name: String) -> String? { http.queryItems.first { $0.name == name }?.value }
}

/// Bearer-token authentication around every API handler, and the body checks shared by all writes.
enum APIPipeline {
    typealias Handler = @Sendable (APIRequest, APIContext) async -> HTTPResponse

    static func wrap(_ context: APIContext, _ handler: @escaping Handler) -> @Sendable (HTTPRequest) async -> HTTPResponse {
        { request in
            guard let token = bearerToken(request) else { return APIResponse.unauthorized }
            if [.post, .patch, .put].contains(request.method), !request.body.isEmpty,
               let type = request.header("Content-Type"), !type.lowercased().hasPrefix("application/json") {
                return APIResponse.error(.unsupportedMediaType, "unsupported_media_type", "Send JSON (Content-Type: application/json).")
            }
            do {
                guard let (user, scope) = try await context.tokens.authenticate(token: token) else { return APIResponse.unauthorized }
                return await handler(APIRequest(http: request, user: user, scope: scope), context)
            } catch {
                return APIResponse.storeFailure(error, context, "authenticating a token")
            }
        }
    }

    /// The token of `Authorization: Bearer TOKEN` (scheme case-insensitive, RFC 6750 §2.1).
    static func bearerToken(_ request: HTTPRequest) -> String? {
        guard let value = request.header("Authorization") else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}

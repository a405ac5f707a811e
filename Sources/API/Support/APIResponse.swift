import HTTPServer
import Store

/// The API's responders: JSON bodies, and the one error shape of PRODUCT.md,
/// `{"error": {"code", "message", "fields"?}}`.
enum APIResponse {
    static func ok(_ value: Any, status: HTTPStatus = .ok) -> HTTPResponse {
        var response = HTTPResponse.json(JSON.encode(value), status: status)
        response.headers.add("Cache-Control", "no-store")
        return response
    }

    static func created(_ value: Any, location: String) -> HTTPResponse {
        var response = ok(value, status: .created)
        response.headers.add("Location", location)
        return response
    }

    static var noContent: HTTPResponse { HTTPResponse(status: .noContent) }

    static func error(_ status: HTTPStatus, _ code: String, _ message: String, fields: [FieldError] = []) -> HTTPResponse {
        var body: JSON.Object = ["code": code, "message": message]
        if !fields.isEmpty { body["fields"] = fields.map { ["field": $0.field, "code": $0.code] } }
        var response = HTTPResponse.json(JSON.encode(["error": body]), status: status)
        response.headers.add("Cache-Control", "no-store")
        return response
    }

    static var unauthorized: HTTPResponse {
        var response = error(.unauthorized, "unauthorized", "A valid API token is required (Authorization: Bearer TOKEN).")
        response.headers.add("WWW-Authenticate", #"Bearer realm="printercare""#)
        return response
    }

    static var forbidden: HTTPResponse { error(.forbidden, "forbidden", "Your role does not allow this.") }
    static var notFound: HTTPResponse { error(.notFound, "not_found", "No such resource.") }
    static var badJSON: HTTPResponse { error(.badRequest, "invalid_json", "The request body must be one JSON object.") }

    static func invalid(_ fields: [FieldError]) -> HTTPResponse {
        error(.unprocessableContent, "validation_failed", "Some fields are not valid.", fields: fields)
    }

    /// A Store failure as an API error: its user-facing text (never SQL), logged in full.
    static func storeFailure(_ error: any Error, _ context: APIContext, _ what: String) -> HTTPResponse {
        guard let error = error as? StoreError else {
            context.logger.error("\(what) failed: \(error)")
            return Self.error(.internalServerError, "internal", "Something went wrong.")
        }
        switch error {
        case .insufficientPrivilege: return forbidden
        case .unavailable:
            context.logger.warning("\(what): \(error)")
            return Self.error(.serviceUnavailable, "unavailable", error.userMessage)
        case .serializationFailure, .deadlock: return Self.error(.conflict, "conflict", error.userMessage)
        case .uniqueViolation: return Self.error(.conflict, "conflict", error.userMessage)
        case .invalidInput, .checkViolation, .foreignKeyViolation, .notNullViolation:
            return Self.error(.unprocessableContent, "validation_failed", error.userMessage)
        default:
            context.logger.error("\(what) failed: \(error)")
            return Self.error(.internalServerError, "internal", error.userMessage)
        }
    }
}

import HTTPServer
import Store

/// GET /organizations/:id/logo: an organization's logo for signed-in users whose reach includes it,
/// with its stored type, `nosniff`, `inline`, and private caching revalidated by its ETag (so a new
/// logo shows at once). Answered outside the page pipeline because the body is an image; a visitor,
/// an organization out of reach or one without a logo get the pipeline's own answers (sign-in, 404).
enum LogoShow {
    static func handle(_ http: HTTPRequest, _ context: WebContext) async -> HTTPResponse {
        if let id = http.parameters["id"].flatMap({ Int64($0) }), id > 0,
           let token = Cookies.parse(http.header("Cookie"))[Cookies.session], !token.isEmpty {
            do {
                if let session = try await context.sessions.find(token: token),
                   let logo = try await context.organizations.logo(id, ifNoneMatch: http.header("If-None-Match"), scope: session.scope) {
                    return response(logo)
                }
            } catch {
                context.logger.error("reading a logo failed: \(error)")
                return await WebPipeline.run(http, access: .signedIn, context: context) { _, _ in .serverError }
            }
        }
        return await WebPipeline.run(http, access: .signedIn, context: context) { _, _ in .notFound }
    }

    static func response(_ logo: OrganizationLogo) -> HTTPResponse {
        var response: HTTPResponse
        if let bytes = logo.bytes {
            response = HTTPResponse(status: .ok, body: .bytes(bytes))
            response.headers.add("Content-Type", logo.contentType)
            response.headers.add("Content-Disposition", "inline")
        } else {
            response = HTTPResponse(status: .notModified)
        }
        response.headers.add("ETag", logo.etag)
        response.headers.add("Cache-Control", "private, no-cache")
        response.headers.add("Vary", "Cookie")
        SecurityHeaders.apply(to: &response)
        return response
    }
}

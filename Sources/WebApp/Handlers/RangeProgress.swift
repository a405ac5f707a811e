import Foundation
import HTTPServer
import Store

/// GET /ranges/:id/progress: the latest discovery's state and numbers as JSON (`state`, `label`,
/// `scanned`, `total`, `found`, `read`, `result`, `done`, `devices`), polled by `ranges.js`.
enum RangeProgress {
    /// The route: the web pipeline (session, sign-in, security headers), then the JSON in place of a page.
    static func route(_ context: WebContext) -> @Sendable (HTTPRequest) async -> HTTPResponse {
        { http in
            let box = RangeJSONBox()
            let answer = await WebPipeline.run(http, access: .signedIn, context: context) { request, context in
                await handle(request, context, into: box)
            }
            guard let json = box.bytes else { return answer }
            var response = HTTPResponse.json(json)
            for cookie in answer.headers.values("Set-Cookie") { response.headers.add("Set-Cookie", cookie) }
            SecurityHeaders.apply(to: &response)
            return response
        }
    }

    static func handle(_ request: WebRequest, _ context: WebContext, into box: RangeJSONBox) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard let range = try await context.ranges.find(id, scope: request.scope) else { return .notFound }
            let discovery = RangeDiscovery(try await context.ranges.latestDiscovery(of: range, scope: request.scope))
            let (devices, count) = try await context.ranges.devices(ofRange: id, scope: request.scope)
            box.set(discovery.json(request, devices: devices, deviceCount: count))
            // Replaced by the JSON; never reaches the browser.
            return .redirect(to: "/ranges/\(id)")
        } catch {
            return StoreFailure.response(error, context, "reading a discovery's progress")
        }
    }
}

/// Carries the handler's JSON out of the pipeline (set once, read after the pipeline returns).
final class RangeJSONBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: [UInt8]?

    func set(_ bytes: [UInt8]) { lock.lock(); value = bytes; lock.unlock() }
    var bytes: [UInt8]? { lock.lock(); defer { lock.unlock() }; return value }
}

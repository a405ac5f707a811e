// Benchmark-only: a minimal Hummingbird 2 server answering GET <path> with one file's bytes,
// loaded at start, with the headers PrinterCare sends (Date is added by Hummingbird itself;
// Content-Length by Response from the body). Not part of the product.
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import StaticBytes

let options = Options.parse("hb-static")
let file = StaticFile(path: options.file)
let body = ByteBuffer(bytes: file.bytes)
let headers: HTTPFields = [
    .contentType: file.contentType,
    .eTag: file.etag,
    .cacheControl: file.cacheControl,
]

let router = Router()
let closingHeaders: HTTPFields = {
    var fields = headers
    fields[.connection] = "close"
    return fields
}()
router.get(RouterPath(options.path)) { request, _ in
    // Hummingbird closes after a `Connection: close` request but does not say so in the response,
    // which wrk counts as a read error; announce it as PrinterCare, nginx and the NIO server do.
    let closing = request.headers[.connection]?.lowercased() == "close"
    return Response(status: .ok, headers: closing ? closingHeaders : headers, body: .init(byteBuffer: body))
}

var logger = Logger(label: "hb-static")
logger.logLevel = .warning
let app = Application(
    router: router,
    configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
    eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup(numberOfThreads: options.threads)),
    logger: logger
)
announce("hb-static: http://\(options.host):\(options.port)\(options.path) threads=\(options.threads) bytes=\(file.bytes.count)")
try await app.runService()

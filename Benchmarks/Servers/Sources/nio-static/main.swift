// Benchmark-only: a raw SwiftNIO HTTP/1.1 server (NIOPosix + NIOHTTP1, one event loop per core)
// answering GET/HEAD <path> with one file's bytes, loaded at start, keep-alive, with the headers
// PrinterCare sends: Content-Type, Content-Length, ETag, Cache-Control, Date. Responses are written
// as requests are decoded and flushed once per read, so pipelined requests share one write.
// Not part of the product.
import NIOCore
import NIOHTTP1
import NIOPosix
import StaticBytes

#if canImport(Glibc)
import Glibc
#endif

struct Prepared: Sendable {
    let path: String
    let body: ByteBuffer
    let headers: HTTPHeaders
    let notFoundHeaders: HTTPHeaders
}

/// The Date header value, reformatted at most once per second per event loop thread.
final class DateCache {
    private var second: time_t = 0
    private var value = ""
    // Each thread only ever sees its own instance.
    nonisolated(unsafe) static let perThread = ThreadSpecificVariable<DateCache>()

    static var current: String {
        let cache: DateCache
        if let existing = perThread.currentValue { cache = existing } else {
            cache = DateCache()
            perThread.currentValue = cache
        }
        let now = time(nil)
        if now != cache.second {
            cache.second = now
            cache.value = httpDate(now)
        }
        return cache.value
    }
}

final class StaticHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let prepared: Prepared
    private var keepAlive = true
    private var found = false
    private var isHead = false
    private var needsFlush = false

    init(_ prepared: Prepared) { self.prepared = prepared }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            keepAlive = head.isKeepAlive
            isHead = head.method == .HEAD
            found = (head.method == .GET || isHead) && head.uri == prepared.path
        case .body:
            break
        case .end:
            var headers = found ? prepared.headers : prepared.notFoundHeaders
            headers.add(name: "Date", value: DateCache.current)
            if !keepAlive { headers.add(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: found ? .ok : .notFound,
                                                                 headers: headers))), promise: nil)
            if found && !isHead {
                context.write(wrapOutboundOut(.body(.byteBuffer(prepared.body))), promise: nil)
            }
            if keepAlive {
                context.write(wrapOutboundOut(.end(nil)), promise: nil)
                needsFlush = true
            } else {
                needsFlush = false
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }
}

let options = Options.parse("nio-static")
let file = StaticFile(path: options.file)
var headers = HTTPHeaders()
headers.add(name: "Content-Type", value: file.contentType)
headers.add(name: "Content-Length", value: String(file.bytes.count))
headers.add(name: "ETag", value: file.etag)
headers.add(name: "Cache-Control", value: file.cacheControl)
let prepared = Prepared(path: options.path, body: ByteBuffer(bytes: file.bytes), headers: headers,
                        notFoundHeaders: ["Content-Length": "0"])

let group = MultiThreadedEventLoopGroup(numberOfThreads: options.threads)
let bootstrap = ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 4096)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
    .childChannelOption(.maxMessagesPerRead, value: 16)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            // Responses are produced synchronously in request order, so no pipelining assistance is needed.
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false)
            try channel.pipeline.syncOperations.addHandler(StaticHandler(prepared))
        }
    }

let channel = try bootstrap.bind(host: options.host, port: options.port).wait()
announce("nio-static: http://\(options.host):\(options.port)\(options.path) threads=\(options.threads) bytes=\(file.bytes.count)")
try channel.closeFuture.wait()

/// A request whose head was parsed and whose body is still arriving.
struct PendingRequest {
    var request: HTTPRequest
    var route: Route
    var context: ResponseContext
    var remaining: Int
    var decoder: ChunkedDecoder?
}

extension Connection {
    /// Parses and answers every complete request in `input`, in order, until one must wait (an async
    /// handler, a partial head or body, a full output buffer).
    func processInput() {
        while !closed && !closeWhenFlushed && !inflight && pendingOutput < Connection.highWater {
            if pending != nil {
                if !continueBody() { return }
                continue
            }
            if input.isEmpty {
                if peerClosed { finishAfterPeerClose() }
                return
            }
            switch listener.parser.parse(input.readable) {
            case .incomplete:
                if peerClosed { close() }
                return
            case .invalid(let error):
                refuse(error)
                return
            case .complete(let head):
                start(head)
            }
        }
    }

    private func finishAfterPeerClose() {
        if pendingOutput == 0 && !inflight { close() } else { closeWhenFlushed = true }
    }

    private func start(_ head: RequestHead) {
        var request = HTTPRequest(head: head, bytes: input.readable, remoteAddress: remoteAddress, isSecure: tls != nil)
        input.consume(head.length)
        request.peerCertificate = peerCertificate
        let context = ResponseContext(version: head.version, isHead: head.method == .head,
                                      keepAlive: head.keepAlive && !loop.isDraining,
                                      acceptsGzip: Gzip.accepts(request.header("Accept-Encoding")))
        let hasBody: Bool
        switch head.framing {
        case .none, .length(0): hasBody = false
        default: hasBody = true
        }
        lifecycle.headComplete(now: loop.now, expectsBody: hasBody, keepAlive: context.keepAlive)

        let route: Route
        switch listener.configuration.router.match(head.method, path: request.path) {
        case .notFound:
            return respondWithoutBody(.notFound, context: context, hasBody: hasBody)
        case .methodNotAllowed(let allowed):
            var response = HTTPResponse.text("Method Not Allowed\n", status: .methodNotAllowed)
            response.headers.add("Allow", Set(allowed.map { $0.name }).sorted().joined(separator: ", "))
            return respondWithoutBody(response, context: context, hasBody: hasBody)
        case .found(let found, let parameters):
            route = found
            request.parameters = parameters
        }

        let limit = route.maxBodyBytes ?? loop.limits.defaultMaxBodyBytes
        switch head.framing {
        case .none, .length(0):
            dispatch(request, route: route, context: context)
        case .length(let length):
            // Decided from the head alone: an oversized body is never read.
            guard length <= limit else { return refuse(.bodyTooLarge, version: head.version) }
            pending = PendingRequest(request: request, route: route, context: context, remaining: length, decoder: nil)
            sendContinueIfAsked(head, have: input.count >= length)
        case .chunked:
            pending = PendingRequest(request: request, route: route, context: context, remaining: 0,
                                     decoder: ChunkedDecoder(maxBodyBytes: limit, maxTrailerBytes: loop.limits.maxTrailerBytes))
            sendContinueIfAsked(head, have: false)
        }
    }

    /// RFC 9110 10.1.1: answer `100 Continue` before reading a body the client holds back for it
    /// (never to an HTTP/1.0 client, which cannot understand it).
    private func sendContinueIfAsked(_ head: RequestHead, have: Bool) {
        if head.expectContinue && head.version == .http11 && !have {
            output.append("HTTP/1.1 100 Continue\r\n\r\n")
        }
    }

    /// Moves body bytes from `input` into the pending request. False when more bytes are needed.
    private func continueBody() -> Bool {
        guard var current = pending else { return true }
        if var decoder = current.decoder {
            do {
                let consumed = try decoder.decode(input.readable, into: &current.request.body)
                input.consume(consumed)
            } catch {
                pending = nil
                refuse(error, version: current.context.version)
                return false
            }
            current.decoder = decoder
            pending = current
            guard decoder.isComplete else {
                if peerClosed { close() }
                return false
            }
        } else {
            let take = min(current.remaining, input.count)
            if take > 0 {
                current.request.body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input.readable[0..<take]))
                input.consume(take)
                current.remaining -= take
            }
            pending = current
            guard current.remaining == 0 else {
                if peerClosed { close() }
                return false
            }
        }
        pending = nil
        lifecycle.bodyComplete()
        dispatch(current.request, route: current.route, context: current.context)
        return true
    }

    private func dispatch(_ request: HTTPRequest, route: Route, context: ResponseContext) {
        switch route.handler {
        case .inline(let handler):
            send(handler(request), context: context)
        case .async(let handler):
            inflight = true
            currentContext = context
            let loop = self.loop
            let token = self.token
            Task(executorPreference: loop.shared.handlers) {
                let response = await handler(request)
                loop.post(.response(token: token, response))
            }
        }
    }

    /// An answer decided before the body was read: keep the connection only if there is no body to skip.
    private func respondWithoutBody(_ response: HTTPResponse, context: ResponseContext, hasBody: Bool) {
        var response = response
        if hasBody { response.closeConnection = true }
        send(response, context: context)
    }

    /// Answers a request the server refuses and stops reading: nothing after it is ever parsed, so a
    /// smuggled second request can never be answered.
    func refuse(_ error: HTTPServerError, version: HTTPVersion = .http11) {
        let status = error.status ?? .badRequest
        pending = nil
        input.clear()
        lifecycle.stopReading()
        var response = HTTPResponse.error(status)
        let context = ResponseContext(version: version, isHead: false, keepAlive: false, acceptsGzip: false)
        _ = ResponseEncoder.encode(&response, context: context, date: loop.dateLine(), into: output)
        closeWhenFlushed = true
    }

    /// Queues a response; a streamed body starts producing, a byte body completes the exchange.
    func send(_ response: HTTPResponse, context: ResponseContext) {
        var response = response
        var context = context
        // Shutdown or a refused read may have ended keep-alive after the head was parsed.
        context.keepAlive = context.keepAlive && lifecycle.keepAlive && !loop.isDraining
        let (streaming, chunked) = ResponseEncoder.encode(&response, context: context, date: loop.dateLine(), into: output)
        if streaming, case .stream(let produce) = response.body {
            inflight = true
            stream = StreamState(chunked: chunked, closeAfter: response.closeConnection)
            let writer = LoopBodyWriter(loop: loop, token: token)
            let loop = self.loop
            let token = self.token
            Task(executorPreference: loop.shared.handlers) {
                do {
                    try await produce(writer)
                    loop.post(.streamEnd(token: token, failed: false))
                } catch {
                    loop.post(.streamEnd(token: token, failed: true))
                }
            }
            return
        }
        finishExchange(closeAfter: response.closeConnection)
    }

    /// The response is fully queued: the connection goes back to idle or towards closing.
    func finishExchange(closeAfter: Bool) {
        inflight = false
        if !lifecycle.responseQueued(now: loop.now, closeAfter: closeAfter) { closeWhenFlushed = true }
        scheduleDeadline()
    }
}

/// What the encoder needs to know about the request a response answers.
struct ResponseContext {
    var version: HTTPVersion
    var isHead: Bool
    var keepAlive: Bool
    var acceptsGzip: Bool
}

/// Serializes response heads and bodies into a connection's output buffer (RFC 9112 sections 4-6).
enum ResponseEncoder {
    /// Writes status line, headers and, for byte bodies, the body. Returns whether the body is a stream
    /// still to be produced, and whether that stream is chunked.
    static func encode(_ response: inout HTTPResponse, context: ResponseContext, date: [UInt8], into out: ByteBuffer) -> (streaming: Bool, chunked: Bool) {
        let status = response.status.code
        let bodyless = status == 204 || status == 304 || (100..<200).contains(status)
        if case .bytes(let bytes) = response.body, context.acceptsGzip, !bodyless {
            Gzip.compressIfWorthwhile(&response, bytes)
        }
        out.append("HTTP/1.1 ")
        out.appendDecimal(status)
        out.append(" ")
        out.append(response.status.reason)
        out.append("\r\n")
        out.append(date)
        if let prepared = response.preparedHeaders { out.append(prepared) }
        for field in response.headers {
            out.append(field.name)
            out.append(": ")
            out.append(field.value)
            out.append("\r\n")
        }
        var streaming = false
        var chunked = false
        var keepAlive = context.keepAlive && !response.closeConnection
        switch response.body {
        case .empty:
            if !bodyless { out.append("Content-Length: 0\r\n") }
        case .bytes(let bytes):
            if !bodyless {
                out.append("Content-Length: ")
                out.appendDecimal(bytes.count)
                out.append("\r\n")
            }
        case .stream:
            streaming = !bodyless && !context.isHead
            if context.version == .http11 {
                chunked = true
                if !bodyless { out.append("Transfer-Encoding: chunked\r\n") }
            } else {
                keepAlive = false  // an HTTP/1.0 client knows the end of an unsized body only by the close
            }
        }
        if !keepAlive {
            out.append("Connection: close\r\n")
        } else if context.version == .http10 {
            out.append("Connection: keep-alive\r\n")
        }
        out.append("\r\n")
        if case .bytes(let bytes) = response.body, !bodyless, !context.isHead { out.append(bytes) }
        response.closeConnection = !keepAlive
        return (streaming, chunked)
    }

    /// One chunk of a chunked body (an empty chunk is skipped: it would end the body).
    static func appendChunk(_ bytes: [UInt8], chunked: Bool, into out: ByteBuffer) {
        guard !bytes.isEmpty else { return }
        if chunked {
            out.appendHex(bytes.count)
            out.append("\r\n")
            out.append(bytes)
            out.append("\r\n")
        } else {
            out.append(bytes)
        }
    }

    static func appendLastChunk(chunked: Bool, into out: ByteBuffer) {
        if chunked { out.append("0\r\n\r\n") }
    }
}

/// Reads one HTTP/1.1 response from a `ClientTransport` (RFC 9112): status line, fields, then the
/// body framed by Transfer-Encoding chunked, Content-Length or the end of the connection, in that
/// order of precedence (section 6.3). Strict where a mistake could desynchronise a reused
/// connection: conflicting lengths, an unknown transfer coding on a reused connection, bare LF.
struct ResponseReader {
    /// Head bytes allowed (status line plus fields).
    static let maxHeadBytes = 64 * 1024

    let maxBodyBytes: Int

    /// The response and whether the connection may carry another request.
    func read(from transport: ClientTransport, method: String,
              deadline: UInt64) throws(HTTPClientError) -> (response: HTTPClientResponse, keepAlive: Bool) {
        while true {
            let (status, reason, version, headers) = try readHead(transport, deadline: deadline)
            // 1xx interim answers (100 Continue, 103 Early Hints) come before the real one.
            if (100..<200).contains(status) && status != 101 { continue }
            var keepAlive = version == "HTTP/1.1"
            let connection = headers.values("Connection").joined(separator: ",").lowercased()
            if connection.contains("close") { keepAlive = false }
            if version == "HTTP/1.0" && connection.contains("keep-alive") { keepAlive = true }
            var response = HTTPClientResponse(status: status, reason: reason, headers: headers)
            if method == "HEAD" || status == 204 || status == 304 || status == 101 {
                return (response, keepAlive && status != 101)
            }
            let codings = headers.values("Transfer-Encoding").flatMap { $0.split(separator: ",") }
                .map { $0.trimmingCharacters(in: " \t").lowercased() }
            if !codings.isEmpty {
                guard codings.last == "chunked" else {
                    // Not chunked last: a response body then runs to the end of the connection
                    // (RFC 9112 6.3), which cannot be reused.
                    response.body = try readToEnd(transport, deadline: deadline)
                    return (response, false)
                }
                response.body = try readChunked(transport, deadline: deadline)
            } else if let lengthText = headers["Content-Length"] {
                let length = try Self.contentLength(headers.values("Content-Length"), lengthText)
                guard length <= maxBodyBytes else { throw .responseTooLarge(maxBodyBytes) }
                while transport.received.count < length {
                    guard try transport.receiveMore(deadline: deadline, phase: "reading the response body") else {
                        throw .connectionClosed("inside a body of \(length) bytes (got \(transport.received.count))")
                    }
                }
                response.body = Array(transport.received[0..<length])
                transport.received.removeFirst(length)
            } else {
                response.body = try readToEnd(transport, deadline: deadline)
                keepAlive = false
            }
            return (response, keepAlive)
        }
    }

    private func readHead(_ transport: ClientTransport,
                          deadline: UInt64) throws(HTTPClientError) -> (Int, String, String, HTTPHeaders) {
        var searchFrom = 0
        while true {
            if let end = Self.headEnd(transport.received, from: searchFrom) {
                let head = Array(transport.received[0..<end])
                transport.received.removeFirst(end + 4)
                return try Self.parseHead(head)
            }
            searchFrom = max(0, transport.received.count - 3)
            guard transport.received.count <= Self.maxHeadBytes else {
                throw .malformedResponse("response head larger than \(Self.maxHeadBytes) bytes")
            }
            let phase = "waiting for the response"
            guard try transport.receiveMore(deadline: deadline, phase: phase) else {
                if transport.received.isEmpty { throw .connectionClosed("before answering") }
                throw .connectionClosed("inside the response head")
            }
        }
    }

    static func headEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var i = start
        while i + 3 < bytes.count {
            if bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 { return i }
            i += 1
        }
        return nil
    }

    /// Status line and fields; every line must end in CRLF, no obs-fold, no NUL.
    static func parseHead(_ head: [UInt8]) throws(HTTPClientError) -> (Int, String, String, HTTPHeaders) {
        if head.contains(0) { throw .malformedResponse("NUL in the response head") }
        let text = String(decoding: head, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        if lines.contains(where: { $0.contains("\n") || $0.contains("\r") }) {
            throw .malformedResponse("bare CR or LF in the response head")
        }
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0", parts[1].count == 3,
              let status = Int(parts[1]), (100...599).contains(status) else {
            throw .malformedResponse("bad status line: \(statusLine.prefix(80))")
        }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw .malformedResponse("bad header line: \(line.prefix(80))")
            }
            let name = line[..<colon]
            if line.first == " " || line.first == "\t" { throw .malformedResponse("obsolete line folding") }
            if name.contains(where: { $0 == " " || $0 == "\t" }) { throw .malformedResponse("whitespace in a header name") }
            headers.add(String(name), line[line.index(after: colon)...].trimmingCharacters(in: " \t"))
        }
        return (status, parts.count > 2 ? String(parts[2]) : "", String(parts[0]), headers)
    }

    /// One Content-Length: every field (and every comma-separated element) the same decimal number.
    static func contentLength(_ values: [String], _ first: String) throws(HTTPClientError) -> Int {
        let elements = values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .map { $0.trimmingCharacters(in: " \t") }
        guard let value = elements.first, !value.isEmpty, value.count <= 18,
              value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let length = Int(value),
              elements.allSatisfy({ $0 == value }) else {
            throw .malformedResponse("bad Content-Length: \(first.prefix(40))")
        }
        return length
    }

    private func readChunked(_ transport: ClientTransport, deadline: UInt64) throws(HTTPClientError) -> [UInt8] {
        var decoder = ChunkedDecoder(maxBodyBytes: maxBodyBytes)
        var body: [UInt8] = []
        while true {
            if !transport.received.isEmpty {
                let attempt = transport.received.withUnsafeBytes { raw in
                    Result { () throws(HTTPServerError) in try decoder.decode(raw, into: &body) }
                }
                let consumed: Int
                switch attempt {
                case .success(let count): consumed = count
                case .failure(.bodyTooLarge): throw .responseTooLarge(maxBodyBytes)
                case .failure(let error): throw .malformedResponse("chunked body: \(error)")
                }
                transport.received.removeFirst(consumed)
                if decoder.isComplete { return body }
            }
            guard try transport.receiveMore(deadline: deadline, phase: "reading the response body") else {
                throw .connectionClosed("inside a chunked body")
            }
        }
    }

    private func readToEnd(_ transport: ClientTransport, deadline: UInt64) throws(HTTPClientError) -> [UInt8] {
        while try transport.receiveMore(deadline: deadline, phase: "reading the response body") {
            if transport.received.count > maxBodyBytes { throw .responseTooLarge(maxBodyBytes) }
        }
        defer { transport.received = [] }
        return transport.received
    }
}

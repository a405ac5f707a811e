import Foundation
import Glibc
import TestSupport
@testable import HTTPServer

/// A blocking TCP client for tests: sends raw bytes and reads raw responses, with a receive timeout
/// so that a server that never answers fails the test instead of hanging it.
final class RawClient: @unchecked Sendable {
    // @unchecked Sendable: a test uses its client from one task at a time; the blocking calls run on
    // a thread of their own only so that they do not occupy the cooperative pool the server's async
    // handlers need.
    let fd: Int32
    private var buffer: [UInt8] = []

    /// `receiveBuffer` fixes SO_RCVBUF before connecting, which turns off the kernel's autotuning (up
    /// to 32 MiB here): a client that must look slow cannot then have the kernel swallow the response.
    init(port: Int, host: String = "127.0.0.1", timeout: Double = 5, receiveBuffer: Int32? = nil) throws {
        // Close-on-exec: a process another test spawns meanwhile must not inherit (and keep open) this socket.
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if var size = receiveBuffer { setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size)) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result != 0 { let e = errno; Glibc.close(fd); throw TestError("connect failed: errno \(e)") }
    }

    private var isClosed = false

    /// Closes the socket now (a test must not rely on when ARC runs `deinit`: a thread that ran a
    /// blocking read for this client may still hold it for a moment).
    func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(fd)
    }

    deinit { close() }

    /// Changes how long a read waits before the test counts it as "no answer".
    func setTimeout(_ timeout: Double) {
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { throw TestError("send failed: errno \(errno)") }
            offset += n
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Whether the server has sent anything (or closed) that is not read yet, without waiting.
    func hasPendingInput() -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, 0) > 0
    }

    func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Reads once into the buffer; false on EOF, throws on timeout.
    @discardableResult
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 { throw TestError(errno == EAGAIN ? "timed out waiting for the server" : "recv failed: errno \(errno)") }
        if n == 0 { return false }
        buffer += chunk[0..<n]
        return true
    }

    /// Reads until the peer closes (or the timeout) and returns everything not yet consumed.
    func readToEnd() async throws -> [UInt8] { try await offload { try self.readToEndBlocking() } }

    func readToEndBlocking() throws -> [UInt8] {
        while try fill() {}
        defer { buffer = [] }
        return buffer
    }

    /// Whether the server closed the connection (reads EOF, after consuming anything left).
    func isClosedByPeer() async -> Bool {
        (try? await readToEnd()) != nil
    }

    /// Reads one response; `head` tells whether it answers a HEAD request (no body).
    func readResponse(head: Bool = false) async throws -> TestResponse {
        try await offload { try self.readResponseBlocking(head: head) }
    }

    private func readResponseBlocking(head: Bool) throws -> TestResponse {
        while true {
            if let end = findHeadEnd() {
                let headText = String(decoding: buffer[0..<end], as: UTF8.self)
                var lines = headText.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst()
                let parts = statusLine.split(separator: " ", maxSplits: 2)
                guard parts.count >= 2, let status = Int(parts[1]) else { throw TestError("bad status line: \(statusLine)") }
                var headers: [(String, String)] = []
                for line in lines where !line.isEmpty {
                    guard let colon = line.firstIndex(of: ":") else { throw TestError("bad header: \(line)") }
                    headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
                }
                var response = TestResponse(status: status, headers: headers, body: [])
                buffer.removeFirst(end + 4)
                if head || status == 204 || status == 304 || status < 200 { return response }
                if let length = response.header("Content-Length").flatMap(Int.init) {
                    while buffer.count < length { guard try fill() else { throw TestError("EOF inside body") } }
                    response.body = Array(buffer[0..<length])
                    buffer.removeFirst(length)
                } else if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
                    response.body = try readChunked()
                } else {
                    response.body = try readToEndBlocking()
                }
                return response
            }
            guard try fill() else { throw TestError("EOF before a response head (got \(buffer.count) bytes)") }
        }
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4) where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i
        }
        return nil
    }

    private func readLine() throws -> String {
        while true {
            if let index = buffer.firstIndex(of: 10), index > 0, buffer[index - 1] == 13 {
                let line = String(decoding: buffer[0..<(index - 1)], as: UTF8.self)
                buffer.removeFirst(index + 1)
                return line
            }
            guard try fill() else { throw TestError("EOF inside chunked body") }
        }
    }

    private func readChunked() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            guard let size = Int(try readLine(), radix: 16) else { throw TestError("bad chunk size") }
            if size == 0 {
                while try !readLine().isEmpty {}
                return body
            }
            while buffer.count < size + 2 { guard try fill() else { throw TestError("EOF inside chunk") } }
            body += buffer[0..<size]
            buffer.removeFirst(size + 2)
        }
    }
}

struct TestResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    var text: String { String(decoding: body, as: UTF8.self) }
}

struct TestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

import Foundation
import Testing
import TestSupport
@testable import HTTPServer

/// Timeouts, size limits, smuggling, connection limits and shutdown against a real socket.
@Suite struct ServerLimitTests {
    static var shortTimeouts: HTTPLimits {
        var limits = HTTPLimits()
        limits.headerTimeout = .milliseconds(400)
        limits.readTimeout = .milliseconds(400)
        limits.idleTimeout = .milliseconds(600)
        limits.writeTimeout = .milliseconds(600)
        return limits
    }

    // The timing tests below measure on a thread of their own (offload): the cooperative pool the test
    // task runs on may be busy with other tests for a while, which must not count as the server's time.

    @Test func partialHeadTimesOutWith408() async throws {
        try await withServer(router: testRouter(), limits: Self.shortTimeouts) { _, port in
            let (status, closed, elapsed) = try await offload { () throws -> (Int, Bool, TimeInterval) in
                let client = try RawClient(port: port)
                let started = Date()
                try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n")
                let text = String(decoding: try client.readToEndBlocking(), as: UTF8.self)
                let status = Int(text.dropFirst(9).prefix(3)) ?? 0
                return (status, true, Date().timeIntervalSince(started))
            }
            #expect(status == 408)
            #expect(closed)
            #expect(elapsed > 0.3 && elapsed < 2.5, "answered after \(elapsed) s")
        }
    }

    @Test func slowlorisCannotExtendTheHeaderDeadline() async throws {
        try await withServer(router: testRouter(), limits: Self.shortTimeouts) { _, port in
            let (answer, elapsed) = try await offload { () throws -> (String, TimeInterval) in
                let client = try RawClient(port: port)
                let started = Date()
                // One byte every 100 ms would take 5 s; the 400 ms header deadline must cut it off.
                for byte in Array("GET /hello HTTP/1.1\r\nHost: t\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n".utf8) {
                    if (try? client.send([byte])) == nil { break }
                    usleep(100_000)
                    if client.hasPendingInput() { break }
                }
                let answer = String(decoding: (try? client.readToEndBlocking()) ?? [], as: UTF8.self)
                return (answer, Date().timeIntervalSince(started))
            }
            #expect(answer.hasPrefix("HTTP/1.1 408") || answer.isEmpty)
            #expect(elapsed < 2.5, "cut off after \(elapsed) s")
        }
    }

    @Test func silentAndIdleConnectionsAreClosedQuietly() async throws {
        try await withServer(router: testRouter(), limits: Self.shortTimeouts) { _, port in
            let silent = try RawClient(port: port)
            #expect(try await silent.readToEnd().isEmpty)

            let idle = try RawClient(port: port)
            try idle.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try await idle.readResponse().status == 200)
            #expect(try await idle.readToEnd().isEmpty)
        }
    }

    @Test func slowBodyTimesOut() async throws {
        try await withServer(router: testRouter(), limits: Self.shortTimeouts) { _, port in
            let client = try RawClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
            let response = try await client.readResponse()
            #expect(response.status == 408)
        }
    }

    @Test func aClientThatStopsReadingIsCutOffAtTheWriteDeadline() async throws {
        var router = testRouter()
        router.get("/huge") { _ in HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"],
                                                body: .bytes([UInt8](repeating: 0x42, count: 32 << 20))) }
        try await withServer(router: router, limits: Self.shortTimeouts, loops: 1) { server, port in
            let client = try RawClient(port: port, receiveBuffer: 64 * 1024)
            try client.send("GET /huge HTTP/1.1\r\nHost: t\r\n\r\n")
            let (accepted, elapsed) = try await offload { () -> (Bool, TimeInterval) in
                // Accepted first (the count reads 0 before the accept, which would prove nothing).
                var waited = 0
                while server.openConnections == 0 && waited < 250 { usleep(20_000); waited += 1 }
                let accepted = server.openConnections == 1
                // Never read: the kernel buffers fill, the 600 ms write deadline passes, the server lets go.
                let started = Date()
                while server.openConnections > 0 && Date().timeIntervalSince(started) < 5 { usleep(20_000) }
                return (accepted, Date().timeIntervalSince(started))
            }
            #expect(accepted)
            #expect(server.openConnections == 0)
            #expect(elapsed > 0.3 && elapsed < 3, "closed after \(elapsed) s")
            let received = (try? await client.readToEnd()) ?? []
            #expect(received.count < 32 << 20, "the whole response was delivered: \(received.count) bytes")
        }
    }

    @Test func chunkedBodyOverTheRouteLimitIs413() async throws {
        try await withServer(router: testRouter()) { _, port in
            let client = try RawClient(port: port)
            let chunk = String(repeating: "x", count: 40_000)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
            try? client.send("\(String(40_000, radix: 16))\r\n\(chunk)\r\n\(String(40_000, radix: 16))\r\n\(chunk)\r\n0\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 413)
            #expect(await client.isClosedByPeer())
        }
    }

    @Test func smuggledSecondRequestIsNeverAnswered() async throws {
        try await withServer(router: testRouter()) { _, port in
            let attacks = [
                "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n",
                "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n",
                "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n",
                "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcGET /hello HTTP/1.1\r\nHost: t\r\n\r\n",
                "GET /hello HTTP/1.1\r\nHost: t\r\n X-Folded: yes\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n",
            ]
            for attack in attacks {
                let client = try RawClient(port: port)
                try client.send(attack)
                let all = String(decoding: try await client.readToEnd(), as: UTF8.self)
                #expect(all.hasPrefix("HTTP/1.1 4"), "\(attack.debugDescription) got \(all.debugDescription)")
                #expect(all.components(separatedBy: "HTTP/1.1 ").count == 2, "answered twice: \(all.debugDescription)")
                #expect(!all.contains("hello\n"))
            }
        }
    }

    @Test func oversizedHeadsAndTargetsAreRefused() async throws {
        var limits = HTTPLimits()
        limits.maxHeaderBytes = 2048
        limits.maxTargetLength = 512
        try await withServer(router: testRouter(), limits: limits) { _, port in
            let big = try RawClient(port: port)
            try big.send("GET /hello HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "a", count: 4000))\r\n\r\n")
            #expect(try await big.readResponse().status == 431)
            let long = try RawClient(port: port)
            try long.send("GET /\(String(repeating: "a", count: 1000)) HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try await long.readResponse().status == 414)
        }
    }

    @Test func connectionLimitHoldsNewConnectionsUntilOneCloses() async throws {
        var limits = HTTPLimits()
        limits.maxConnections = 3
        try await withServer(router: testRouter(), limits: limits, loops: 1) { server, port in
            var held: [RawClient] = []
            for _ in 0..<3 {
                let client = try RawClient(port: port)
                try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try await client.readResponse().status == 200)
                held.append(client)
            }
            #expect(server.openConnections == 3)
            let waiting = try RawClient(port: port, timeout: 0.5)
            try waiting.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            await #expect(throws: TestError.self) { try await waiting.readResponse() }
            held.removeFirst().close()
            waiting.setTimeout(10)  // now it must be answered; a busy machine may take a moment
            do {
                #expect(try await waiting.readResponse().text == "hello\n")
            } catch {
                Issue.record("no answer after a slot freed: open connections \(server.openConnections), \(error)")
            }
        }
    }

    @Test func gracefulShutdownFinishesInFlightRequests() async throws {
        let server = Server(listeners: [ListenerConfiguration(name: "t", host: "127.0.0.1", port: 0, router: testRouter())], loopCount: 2)
        try server.start()
        let port = server.ports[0]
        let idle = try RawClient(port: port)
        try idle.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try await idle.readResponse().status == 200)
        let busy = try RawClient(port: port)
        // Long enough that the shutdown below surely begins while it is in flight, even on a busy machine.
        try busy.send("GET /slow/4000 HTTP/1.1\r\nHost: t\r\n\r\n")
        try await Task.sleep(for: .milliseconds(50))
        let started = Date()
        // A long grace: ending well before it shows the server waited for the request, not the clock
        // (the margin absorbs a busy test machine).
        async let stopped: Void = server.shutdown(grace: .seconds(30))
        // The shutdown has begun once the listener refuses new connections (the test process shares
        // two threads with every other test, so "began" is observed, not assumed).
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, (try? RawClient(port: port)) != nil { try await Task.sleep(for: .milliseconds(20)) }
        let response = try await busy.readResponse()
        #expect(response.text == "slow 4000\n")
        #expect(response.header("Connection") == "close")
        #expect(try await idle.readToEnd().isEmpty)
        await stopped
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(throws: TestError.self) { _ = try RawClient(port: port) }
    }
}

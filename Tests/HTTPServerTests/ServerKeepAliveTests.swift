import Foundation
import Testing
@testable import HTTPServer

/// Keep-alive, pipelining, HTTP/1.0, HEAD, 100-continue and bodies against a real socket.
@Suite struct ServerKeepAliveTests {
    @Test func keepAliveServesManyRequestsOnOneConnection() async throws {
        try await withServer(router: testRouter()) { _, port in
            let client = try RawClient(port: port)
            for i in 0..<5 {
                try client.send("GET /items/\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try await client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "item \(i)\n")
                #expect(response.header("Connection") == nil)
                #expect(response.header("Date") != nil)
            }
        }
    }

    @Test func pipelinedResponsesComeBackInOrder() async throws {
        try await withServer(router: testRouter()) { _, port in
            let client = try RawClient(port: port)
            // Slow async handlers first, an inline one between: order must follow the requests.
            let paths = ["/slow/80", "/hello", "/slow/10", "/async", "/items/7", "/slow/1", "/hello"]
            try client.send(paths.map { "GET \($0) HTTP/1.1\r\nHost: t\r\n\r\n" }.joined())
            let expected = ["slow 80\n", "hello\n", "slow 10\n", "async\n", "item 7\n", "slow 1\n", "hello\n"]
            for text in expected {
                let response = try await client.readResponse()
                #expect(response.text == text)
            }
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() async throws {
        try await withServer(router: testRouter()) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /hello HTTP/1.0\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("Connection") == "close")
            #expect(await client.isClosedByPeer())

            let kept = try RawClient(port: port)
            try kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await kept.readResponse().header("Connection") == "keep-alive")
            try kept.send("GET /items/2 HTTP/1.0\r\n\r\n")
            #expect(try await kept.readResponse().text == "item 2\n")
        }
    }

    @Test func headHasLengthButNoBody() async throws {
        try await withServer(router: testRouter()) { _, port in
            let client = try RawClient(port: port)
            try client.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try await client.readResponse(head: true)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "6")
            #expect(try await client.readResponse().text == "hello\n")
        }
    }

    @Test func expectContinueGetsAn100BeforeTheBody() async throws {
        try await withServer(router: testRouter()) { _, port in
            let client = try RawClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let interim = try await client.readResponse()
            #expect(interim.status == 100)
            try client.send("abcde")
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "abcde")
        }
    }

    @Test func oversizedBodyIsRefusedBeforeItIsSent() async throws {
        try await withServer(router: testRouter()) { _, port in
            let client = try RawClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 413)
            #expect(response.header("Connection") == "close")
            #expect(await client.isClosedByPeer())
        }
    }

    @Test func chunkedAndSplitBodiesArriveWhole() async throws {
        try await withServer(router: testRouter()) { _, port in
            let client = try RawClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n")
            try await Task.sleep(for: .milliseconds(30))
            try client.send("5;ext=1\r\npedia\r\n0\r\nX-Trailer: yes\r\n\r\n")
            #expect(try await client.readResponse().text == "Wikipedia")

            let body = String(repeating: "0123456789", count: 3000)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
            for piece in stride(from: 0, to: body.utf8.count, by: 7001) {
                try client.send(Array(Array(body.utf8)[piece..<min(piece + 7001, body.utf8.count)]))
            }
            #expect(try await client.readResponse().text == body)
        }
    }

    @Test func streamedResponsesAreChunkedFor11AndCloseDelimitedFor10() async throws {
        try await withServer(router: testRouter()) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /stream/300 HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.header("Transfer-Encoding") == "chunked")
            #expect(response.text == (0..<300).map { "line \($0)\n" }.joined())
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try await client.readResponse().text == "hello\n")

            let old = try RawClient(port: port)
            try old.send("GET /stream/3 HTTP/1.0\r\n\r\n")
            let closeDelimited = try await old.readResponse()
            #expect(closeDelimited.header("Transfer-Encoding") == nil)
            #expect(closeDelimited.text == "line 0\nline 1\nline 2\n")
        }
    }

    @Test func absoluteFormTargetsRouteByPath() async throws {
        try await withServer(router: testRouter()) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET http://example.com/items/abs?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n")
            #expect(try await client.readResponse().text == "item abs\n")
        }
    }

    @Test func unknownPathsAndMethodsGet404And405() async throws {
        try await withServer(router: testRouter()) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try await client.readResponse().status == 404)
            try client.send("DELETE /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 405)
            #expect(response.header("Allow") == "GET")
        }
    }

    @Test func compressibleResponsesAreGzippedWhenAccepted() async throws {
        try await withServer(router: testRouter()) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /big HTTP/1.1\r\nHost: t\r\nAccept-Encoding: br, gzip;q=0.8\r\n\r\n")
            let zipped = try await client.readResponse()
            #expect(zipped.header("Content-Encoding") == "gzip")
            #expect(zipped.header("Vary") == "Accept-Encoding")
            let plain = String(repeating: "printer fleet ", count: 2000)
            #expect(zipped.body.count < plain.utf8.count / 10)
            #expect(Gzip.decompress(zipped.body).map { String(decoding: $0, as: UTF8.self) } == plain)
            try client.send("GET /big HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip;q=0\r\n\r\n")
            let refused = try await client.readResponse()
            #expect(refused.header("Content-Encoding") == nil)
            #expect(refused.text == plain)
        }
    }
}

import Foundation
import Testing
@testable import HTTPServer

/// Static files from a fixture folder (synthetic files), over a real socket.
@Suite struct StaticFilesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/public").path

    func router() throws -> (Router, StaticFiles) {
        let files = try StaticFiles(directory: Self.folder)
        var router = Router()
        router.fallback(files.handler)
        return (router, files)
    }

    @Test func servesFilesWithTypeETagAndCaching() async throws {
        let (router, _) = try router()
        try await withServer(router: router) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /robots.txt HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "User-agent: *\nDisallow: /\n")
            #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(response.header("Cache-Control") == "public, max-age=300")
            let etag = try #require(response.header("ETag"))
            try client.send("GET /robots.txt HTTP/1.1\r\nHost: t\r\nIf-None-Match: W/\"nope\", \(etag)\r\n\r\n")
            let cached = try await client.readResponse()
            #expect(cached.status == 304)
            #expect(cached.body.isEmpty)
            #expect(cached.header("ETag") == etag)
        }
    }

    @Test func hashedURLsAreImmutableAndGzipVariantsDiffer() async throws {
        let (router, files) = try router()
        let url = files.url(for: "/css/app.css")
        #expect(url.hasPrefix("/static/") && url.hasSuffix("/css/app.css"))
        try await withServer(router: router) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET \(url) HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n")
            let zipped = try await client.readResponse()
            #expect(zipped.header("Cache-Control") == "public, max-age=31536000, immutable")
            #expect(zipped.header("Content-Encoding") == "gzip")
            try client.send("GET /css/app.css HTTP/1.1\r\nHost: t\r\n\r\n")
            let plain = try await client.readResponse()
            #expect(plain.header("Content-Encoding") == nil)
            #expect(Gzip.decompress(zipped.body) == plain.body)
            #expect(plain.header("ETag") != zipped.header("ETag"))
        }
    }

    @Test(arguments: [
        "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/css/..%2f..%2fsecret.txt",
        "/..%5csecret.txt", "/%252e%252e/secret.txt", "/.hidden", "/link.txt", "/css/../../secret.txt",
        "//secret.txt", "/robots.txt%00.css", "/%c0%ae%c0%ae/secret.txt", "/css/./app.css/..",
    ])
    func traversalInAnyEncodingFindsNothing(path: String) async throws {
        let (router, _) = try router()
        try await withServer(router: router, loops: 1) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 404 || response.status == 400)
            #expect(!response.text.contains("outside the public folder"))
            #expect(!response.text.contains("secret"))
        }
    }
}

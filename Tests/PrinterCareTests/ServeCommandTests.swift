import Foundation
import Testing

/// `printercare serve` as a user runs it: a real process, real ports, curl as the client.
@Suite(.serialized) struct ServeCommandTests {
    @Test func servesHealthAndStaticFilesOverHTTPAndHTTPS() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let health = try run("/usr/bin/curl", ["-sS", "-i", "http://127.0.0.1:\(server.http)/healthz"])
        #expect(health.output.hasPrefix("HTTP/1.1 200"))
        #expect(health.output.contains(#"{"status":"ok"}"#))

        let robots = try String(contentsOfFile: ServeProcess.repositoryRoot + "/Public/robots.txt", encoding: .utf8)
        #expect(try run("/usr/bin/curl", ["-sS", "http://127.0.0.1:\(server.http)/robots.txt"]).output == robots)

        // HTTPS with the certificate the first start made, verified against itself.
        let certificate = server.dataDirectory + "/tls/server.crt"
        #expect(FileManager.default.fileExists(atPath: certificate))
        let secure = try run("/usr/bin/curl", ["-sS", "--cacert", certificate, "https://localhost:\(server.https)/robots.txt"])
        #expect(secure.status == 0)
        #expect(secure.output == robots)
        let old = try run("/usr/bin/curl", ["-sS", "-k", "--tls-max", "1.1", "https://127.0.0.1:\(server.https)/robots.txt"])
        #expect(old.status != 0, "TLS 1.1 must be refused")
    }

    @Test func secondStartReusesTheCertificateAndSIGTERMExitsCleanly() throws {
        let first = try ServeProcess()
        let certificate = try Data(contentsOf: URL(fileURLWithPath: first.dataDirectory + "/tls/server.crt"))
        #expect(first.stop() == 0)
        let second = try ServeProcess(dataDirectory: first.dataDirectory)
        defer { second.stop() }
        #expect(try Data(contentsOf: URL(fileURLWithPath: first.dataDirectory + "/tls/server.crt")) == certificate)
        #expect(try run("/usr/bin/curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(second.http)/healthz"]).output == "200")
    }

    @Test func gatewayDemandsAClientCertificate() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let anonymous = try run("/usr/bin/curl", ["-sS", "-k", "https://127.0.0.1:\(server.gateway)/healthz"])
        #expect(anonymous.status != 0)
        #expect(!anonymous.output.contains("ok"))
    }

    @Test func runningOutOfDescriptorsDoesNotKillTheAcceptLoop() throws {
        let server = try ServeProcess(fileLimit: 48, extra: ["--loops", "1"])
        defer { server.stop() }
        // Far more connections than descriptors: the surplus is refused, the server survives.
        var sockets: [Int32] = []
        for _ in 0..<80 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(server.http).bigEndian
            inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            sockets.append(fd)
        }
        usleep(300_000)
        for fd in sockets { close(fd) }
        usleep(300_000)
        let after = try run("/usr/bin/curl", ["-sS", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(server.http)/healthz"])
        #expect(after.output == "200")
        #expect(server.process.isRunning)
    }
}

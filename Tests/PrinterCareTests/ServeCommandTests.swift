import Foundation
import Testing
import TestSupport

/// `printercare serve` as a user runs it: a real process, real ports, curl as the client.
@Suite(.serialized) struct ServeCommandTests {
    @Test func servesHealthAndStaticFilesOverHTTPAndHTTPS() async throws {
        let server = try await ServeProcess.start()
        let health = try await run("/usr/bin/curl", ["-sS", "-i", "http://127.0.0.1:\(server.http)/healthz"])
        #expect(health.output.hasPrefix("HTTP/1.1 200"))
        #expect(health.output.contains(#""database":"ok""#))

        let robots = try String(contentsOfFile: ServeProcess.repositoryRoot + "/Public/robots.txt", encoding: .utf8)
        #expect(try await run("/usr/bin/curl", ["-sS", "http://127.0.0.1:\(server.http)/robots.txt"]).output == robots)

        // HTTPS with the certificate the first start made, verified against itself.
        let certificate = server.dataDirectory + "/tls/server.crt"
        #expect(FileManager.default.fileExists(atPath: certificate))
        let secure = try await run("/usr/bin/curl", ["-sS", "--cacert", certificate, "https://localhost:\(server.https)/robots.txt"])
        #expect(secure.status == 0)
        #expect(secure.output == robots)
        let old = try await run("/usr/bin/curl", ["-sS", "-k", "--tls-max", "1.1", "https://127.0.0.1:\(server.https)/robots.txt"])
        #expect(old.status != 0, "TLS 1.1 must be refused")
        await server.stop()
    }

    @Test func secondStartReusesTheCertificateAndSIGTERMExitsCleanly() async throws {
        let first = try await ServeProcess.start()
        let certificate = try Data(contentsOf: URL(fileURLWithPath: first.dataDirectory + "/tls/server.crt"))
        #expect(await first.stop() == 0)
        let second = try await ServeProcess.start(dataDirectory: first.dataDirectory)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first.dataDirectory + "/tls/server.crt")) == certificate)
        #expect(try await run("/usr/bin/curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(second.http)/healthz"]).output == "200")
        await second.stop()
    }

    @Test func gatewayDemandsAClientCertificate() async throws {
        let server = try await ServeProcess.start()
        let anonymous = try await run("/usr/bin/curl", ["-sS", "-k", "https://127.0.0.1:\(server.gateway)/healthz"])
        #expect(anonymous.status != 0)
        #expect(!anonymous.output.contains("ok"))
        await server.stop()
    }

    @Test func runningOutOfDescriptorsDoesNotKillTheAcceptLoop() async throws {
        // The embedded PostgreSQL inherits the limit and needs about 60 descriptors of its own.
        let server = try await ServeProcess.start(fileLimit: 160, extra: ["--loops", "1"])
        // Far more connections than descriptors: the surplus is refused, the server survives.
        let port = server.http
        // 300 sockets of our own would leave the whole test process (and the servers other tests run in
        // it) short of descriptors under a 1024 soft limit: lift it to the hard limit first.
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        // Blocking connects run on a thread of their own, not on the cooperative pool.
        let sockets: [Int32] = try await offload {
            (0..<300).map { _ in
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = UInt16(port).bigEndian
                inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
                _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
                return fd
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        for fd in sockets { close(fd) }
        try await Task.sleep(for: .milliseconds(300))
        let after = try await run("/usr/bin/curl", ["-sS", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(server.http)/healthz"])
        #expect(after.output == "200")
        #expect(server.isRunning)
        await server.stop()
    }
}

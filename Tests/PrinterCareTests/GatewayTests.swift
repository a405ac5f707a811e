import Foundation
import Testing
import TestSupport

/// The agent link through a real `printercare serve`: enrolment over HTTPS, the mTLS gateway and its
/// rejections, commands by long poll, uploads, revocation. The client side here is curl and openssl
/// (not our code), so the test checks the server against independent TLS and HTTP implementations.
@Suite(.serialized) struct GatewayTests {
    /// A server, an admin API token, and a scratch folder for keys and certificates.
    struct Setup {
        let server: ServeProcess
        let token: String
        let folder: String

        static func start() async throws -> Setup {
            let server = try await ServeProcess.start()
            let made = try await run(ServeProcess.executable, ["tokens", "create", "--user", "admin@localhost.localdomain",
                                                               "--data-dir", server.dataDirectory])
            try #require(made.status == 0)
            let folder = server.dataDirectory + "-client"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return Setup(server: server, token: made.output.trimmingCharacters(in: .whitespacesAndNewlines), folder: folder)
        }

        func stop() async {
            await server.stop()
            try? FileManager.default.removeItem(atPath: folder)
        }

        /// An API call over plain HTTP; returns the status and the JSON body.
        func api(_ method: String, _ path: String, _ body: String? = nil) async throws -> (status: Int, json: [String: Any]) {
            var arguments = ["-sS", "-m", "10", "-X", method, "-H", "Authorization: Bearer \(token)", "-w", "\n%{http_code}",
                             "http://127.0.0.1:\(server.http)\(path)"]
            if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
            return try await Self.parse(try await run("/usr/bin/curl", arguments).output)
        }

        /// A gateway call with the given client certificate (nil: none); `status` 0 when TLS refused us.
        func gateway(_ method: String, _ path: String, cert: String?, key: String?, body: String? = nil, gzip: Bool = false,
                     timeout: Int = 10) async throws -> (status: Int, json: [String: Any]) {
            var arguments = ["-sS", "-m", "\(timeout)", "-X", method, "--cacert", folder + "/ca.crt", "-w", "\n%{http_code}",
                             "https://127.0.0.1:\(server.gateway)\(path)"]
            if let cert, let key { arguments += ["--cert", cert, "--key", key] }
            if let body {
                if gzip {
                    let plain = folder + "/body.json"
                    try body.write(toFile: plain, atomically: true, encoding: .utf8)
                    _ = try await run("/bin/gzip", ["-kf", plain])
                    arguments += ["-H", "Content-Encoding: gzip", "-H", "Content-Type: application/json", "--data-binary", "@\(plain).gz"]
                } else {
                    arguments += ["-H", "Content-Type: application/json", "--data-binary", body]
                }
            }
            let answer = try await run("/usr/bin/curl", arguments)
            if answer.status != 0 { return (0, [:]) }
            return try await Self.parse(answer.output)
        }

        static func parse(_ output: String) async throws -> (status: Int, json: [String: Any]) {
            let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
            let status = Int(lines.last ?? "") ?? -1
            let body = lines.dropLast().joined(separator: "\n")
            return (status, (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:])
        }

        /// A new key and CSR made with openssl (the key stays here, as on an agent).
        func keyAndCSR(_ name: String) async throws -> (key: String, csr: String) {
            let key = folder + "/\(name).key", csr = folder + "/\(name).csr"
            #expect(try await run("/usr/bin/openssl", ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                                                       "-keyout", key, "-out", csr, "-subj", "/CN=\(name)"]).status == 0)
            return (key, try String(contentsOfFile: csr, encoding: .utf8))
        }

        /// Creates an agent through the API and enrols it as `name`; returns its id and certificate files.
        func enrolledAgent(_ name: String) async throws -> (id: Int, cert: String, key: String, token: String) {
            let created = try await api("POST", "/api/v1/agents", #"{"name": "\#(name)"}"#)
            try #require(created.status == 201)
            let token = try #require(created.json["enrollment_token"] as? String)
            let (key, csr) = try await keyAndCSR(name)
            let body = try String(decoding: JSONSerialization.data(withJSONObject: ["token": token, "csr": csr, "version": "test"]), as: UTF8.self)
            let enrolled = try await Self.parse(try await run("/usr/bin/curl", [
                "-sS", "-k", "-m", "10", "-X", "POST", "-H", "Content-Type: application/json", "--data-binary", body,
                "-w", "\n%{http_code}", "https://127.0.0.1:\(server.https)/api/v1/agents/enroll"]).output)
            try #require(enrolled.status == 201, "\(enrolled.json)")
            #expect(enrolled.json["gateway_port"] as? Int == server.gateway)
            let cert = folder + "/\(name).crt"
            try (try #require(enrolled.json["certificate"] as? String)).write(toFile: cert, atomically: true, encoding: .utf8)
            try (try #require(enrolled.json["ca_certificate"] as? String)).write(toFile: folder + "/ca.crt", atomically: true, encoding: .utf8)
            return (try #require(created.json["id"] as? Int), cert, key, token)
        }
    }

    @Test func enrolmentCommandsUploadsAndTheRejectionMatrix() async throws {
        let setup = try await Setup.start()
        let agent = try await setup.enrolledAgent("agent-one")
        let listed = try await setup.api("GET", "/api/v1/agents/\(agent.id)")
        #expect(listed.json["status"] as? String == "enrolled" && listed.json["certificate_expires_at"] is String)

        // The token is single-use.
        let (_, csr) = try await setup.keyAndCSR("again")
        let reuse = try String(decoding: JSONSerialization.data(withJSONObject: ["token": agent.token, "csr": csr]), as: UTF8.self)
        let reused = try await Setup.parse(try await run("/usr/bin/curl", ["-sS", "-k", "-X", "POST", "-H", "Content-Type: application/json",
            "--data-binary", reuse, "-w", "\n%{http_code}", "https://127.0.0.1:\(setup.server.https)/api/v1/agents/enroll"]).output)
        #expect(reused.status == 401)

        // With its certificate the agent is served; without one, with a self-signed one, or with one from
        // another CA, TLS refuses (curl fails before any HTTP).
        let empty = try await setup.gateway("GET", "/agent/v1/commands?wait=0", cert: agent.cert, key: agent.key)
        #expect(empty.status == 200 && (empty.json["commands"] as? [Any])?.isEmpty == true, "\(empty)")
        #expect(try await setup.gateway("GET", "/agent/v1/commands", cert: nil, key: nil).status == 0)
        let selfSigned = setup.folder + "/self.crt", selfKey = setup.folder + "/self.key"
        _ = try await run("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                                               "-keyout", selfKey, "-out", selfSigned, "-days", "1", "-subj", "/CN=agent-1"])
        #expect(try await setup.gateway("GET", "/agent/v1/commands", cert: selfSigned, key: selfKey).status == 0)
        let other = try await ServeProcess.start()
        let foreign = try await GatewayTests.certificate(from: other, folder: setup.folder)
        await other.stop()
        #expect(try await setup.gateway("GET", "/agent/v1/commands", cert: foreign.cert, key: foreign.key).status == 0)

        // A discovery queued through the API reaches a waiting long poll within a second or so.
        let range = try await setup.api("POST", "/api/v1/address-ranges",
                                        #"{"agent_id": \#(agent.id), "name": "lab", "first_address": "127.0.0.2", "last_address": "127.0.0.3"}"#)
        #expect(range.status == 201)
        let rangeID = try #require(range.json["id"] as? Int)
        let started = Date()
        async let polled = setup.gateway("GET", "/agent/v1/commands?wait=20", cert: agent.cert, key: agent.key, timeout: 30)
        try await Task.sleep(for: .milliseconds(700))
        #expect(try await setup.api("POST", "/api/v1/address-ranges/\(rangeID)/discover").status == 202)
        let answer = try await polled
        let waited = Date().timeIntervalSince(started)
        let commands = try #require(answer.json["commands"] as? [[String: Any]])
        #expect(commands.count == 1 && commands.first?["kind"] as? String == "discovery" && commands.first?["range"] as? String == "127.0.0.2-127.0.0.3")
        // Woken by the command, not by the 20 s timeout (loose bound: the test process is busy too).
        #expect(waited < 15, "the command took \(waited) s to arrive")
        let commandID = try #require(commands.first?["command_id"] as? Int)

        // An upload (gzip) stores the printer once, completes the command, and a retry is a duplicate.
        let upload = """
            {"upload_key": "e2e-upload-0001", "unreachable": [], "completed_commands": [{"command_id": \(commandID), "result": "1 printer"}],
             "readings": [{"device_id": null, "command_id": \(commandID), "snmp": {"community": "public", "version": "2c", "port": 161},
               "reading": {"address": "127.0.0.2", "sys_object_id": "1.3.6.1.4.1.11.2.3.9.1", "description": "Synthetic printer",
                 "manufacturer": "HP", "model": "Synthetic 1", "serial_number": "SYN-0001", "mac_address": null, "location": null,
                 "firmware": null, "inventory_number": null, "status": {"device": "running", "printer": "idle", "errors": []},
                 "counters": {"total": 1234, "mono": null, "color": null, "print": null, "copy": null, "fax": null, "scan": null},
                 "supplies": [], "alerts": [], "trays": [], "collected_at": "2026-11-25T10:00:00Z"}}]}
            """
        let stored = try await setup.gateway("POST", "/agent/v1/uploads", cert: agent.cert, key: agent.key, body: upload, gzip: true)
        #expect(stored.status == 200 && stored.json["readings_stored"] as? Int == 1 && stored.json["duplicate"] as? Bool == false, "\(stored)")
        let again = try await setup.gateway("POST", "/agent/v1/uploads", cert: agent.cert, key: agent.key, body: upload, gzip: true)
        #expect(again.status == 200 && again.json["duplicate"] as? Bool == true)
        // /metrics (Prometheus text, installation totals only) counted exactly that.
        let metrics = try await run("/usr/bin/curl", ["-sS", "-i", "http://127.0.0.1:\(setup.server.http)/metrics"]).output
        #expect(metrics.contains("text/plain; version=0.0.4"))
        for line in ["printercare_database_up 1", "printercare_gateway_uploads_stored_total 1",
                     "printercare_gateway_uploads_duplicate_total 1", "printercare_gateway_readings_stored_total 1",
                     "printercare_gateway_enrolments_total 1", "printercare_gateway_certificates_refused_total 0"] {
            #expect(metrics.contains("\n" + line + "\n"), "\(line) in\n\(metrics)")
        }
        let garbage = try await setup.gateway("POST", "/agent/v1/uploads", cert: agent.cert, key: agent.key, body: #"{"upload_key": 5}"#)
        #expect(garbage.status == 422)
        let devices = try await setup.api("GET", "/api/v1/devices")
        let items = try #require(devices.json["items"] as? [[String: Any]])
        #expect(items.count == 1 && items.first?["serial_number"] as? String == "SYN-0001")
        let after = try await setup.gateway("GET", "/agent/v1/commands?wait=0", cert: agent.cert, key: agent.key)
        #expect((after.json["commands"] as? [Any])?.isEmpty == true, "a completed command is not sent again")

        // Renewal over the mTLS connection gives a certificate that works too.
        let (renewKey, renewCSR) = try await setup.keyAndCSR("renewed")
        let renewBody = try String(decoding: JSONSerialization.data(withJSONObject: ["csr": renewCSR]), as: UTF8.self)
        let renewed = try await setup.gateway("POST", "/agent/v1/certificate", cert: agent.cert, key: agent.key, body: renewBody)
        #expect(renewed.status == 200)
        let renewedCert = setup.folder + "/renewed.crt"
        try (try #require(renewed.json["certificate"] as? String)).write(toFile: renewedCert, atomically: true, encoding: .utf8)
        #expect(try await setup.gateway("GET", "/agent/v1/commands?wait=0", cert: renewedCert, key: renewKey).status == 200)

        // Revocation ends a live long poll at once, and no certificate of the agent works afterwards.
        let revokeStart = Date()
        async let cut = setup.gateway("GET", "/agent/v1/commands?wait=25", cert: agent.cert, key: agent.key, timeout: 30)
        try await Task.sleep(for: .milliseconds(700))
        #expect(try await setup.api("POST", "/api/v1/agents/\(agent.id)/revoke").status == 200)
        let cutAnswer = try await cut
        #expect(cutAnswer.status == 403, "\(cutAnswer)")
        #expect(Date().timeIntervalSince(revokeStart) < 20, "cut before the poll's 25 s timeout")
        for (cert, key) in [(agent.cert, agent.key), (renewedCert, renewKey)] {
            let refused = try await setup.gateway("GET", "/agent/v1/commands?wait=0", cert: cert, key: key)
            #expect(refused.status == 0 || refused.status == 403)
        }
        await setup.stop()
    }

    /// A certificate enrolled at another installation (another agent CA).
    static func certificate(from server: ServeProcess, folder: String) async throws -> (cert: String, key: String) {
        let made = try await run(ServeProcess.executable, ["tokens", "create", "--user", "admin@localhost.localdomain", "--data-dir", server.dataDirectory])
        let token = made.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let created = try await Setup.parse(try await run("/usr/bin/curl", [
            "-sS", "-X", "POST", "-H", "Authorization: Bearer \(token)", "-H", "Content-Type: application/json",
            "--data-binary", #"{"name": "elsewhere"}"#, "-w", "\n%{http_code}", "http://127.0.0.1:\(server.http)/api/v1/agents"]).output)
        let enrolment = try #require(created.json["enrollment_token"] as? String)
        let key = folder + "/foreign.key", csrPath = folder + "/foreign.csr"
        _ = try await run("/usr/bin/openssl", ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                                               "-keyout", key, "-out", csrPath, "-subj", "/CN=foreign"])
        let body = try String(decoding: JSONSerialization.data(withJSONObject: ["token": enrolment, "csr": try String(contentsOfFile: csrPath, encoding: .utf8)]), as: UTF8.self)
        let enrolled = try await Setup.parse(try await run("/usr/bin/curl", ["-sS", "-k", "-X", "POST", "-H", "Content-Type: application/json",
            "--data-binary", body, "-w", "\n%{http_code}", "https://127.0.0.1:\(server.https)/api/v1/agents/enroll"]).output)
        let cert = folder + "/foreign.crt"
        try (try #require(enrolled.json["certificate"] as? String)).write(toFile: cert, atomically: true, encoding: .utf8)
        return (cert, key)
    }
}

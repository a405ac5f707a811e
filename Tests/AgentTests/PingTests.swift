import Agent
import Testing
import TestSupport

/// ICMP echo to the loopback address only.
struct PingTests {
    @Test func loopbackAnswers() async throws {
        let result = try await offload { () -> PingResult in
            let pinger = try Pinger()
            defer { pinger.close() }
            return try pinger.ping("127.0.0.1", sequence: 7, timeout: 2)
        }
        guard case .reply(let rtt) = result else {
            Issue.record("no echo reply from 127.0.0.1: \(result)")
            return
        }
        #expect(rtt > 0 && rtt < 2)
    }

    @Test func checksumOfKnownPacket() {
        // Echo request id 1 seq 1 with no payload: 08 00 F7 FD 00 01 00 01 (checksum over zeroed field).
        #expect(Pinger.checksum([8, 0, 0, 0, 0, 1, 0, 1]) == 0xF7FD)
    }

    @Test func cliPing() async throws {
        let outcome = try await AgentCLI.run(["ping", "127.0.0.1", "--count", "2"])
        #expect(outcome.code == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("127.0.0.1 is reachable"))
    }
}

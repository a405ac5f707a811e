import AgentGateway
import FleetCore
import Foundation
import Store
import Testing
import TestSupport

/// The gateway's building blocks against a real PostgreSQL: certificate validity (expired, revoked,
/// unknown), the cross-process notification path, and the long-poll notifier.
@Suite struct GatewayStoreTests {
    @Test func onlyKnownUnexpiredUnrevokedCertificatesAreAccepted() async throws {
        try await APIFleet.with { fleet in
            let agents = AgentStore(database: fleet.db.database)
            let live = try await DeviceAPITests.enrolledAgent(fleet, serial: "0A0A01")
            let valid = try #require(try await agents.validate(serial: "0A0A01"))
            #expect(valid.agentID == live.agentID && valid.organizationID == live.organizationID && valid.serial == "0A0A01")
            #expect(abs(valid.notAfter.timeIntervalSince(live.notAfter)) < 1)
            #expect(try await agents.validate(serial: "FFFFFF") == nil, "unknown serial")
            // An agent whose certificate has expired (a synthetic record dated yesterday).
            let created = await fleet.call("admin@a.test", .post, "/api/v1/agents", json: #"{"name": "old"}"#)
            let token = try #require(created.string("enrollment_token"))
            _ = try #require(try await agents.enroll(token: token, version: nil) { _, _ in
                IssuedCertificate(serial: "0B0B02", notAfter: Date().addingTimeInterval(-86_400), pem: "synthetic")
            })
            #expect(try await agents.validate(serial: "0B0B02") == nil, "expired")
            // The enrolment token was used: a second enrolment with it fails and signs nothing.
            let again = try await agents.enroll(token: token, version: nil) { _, _ in
                Issue.record("the signer must not run for a used token")
                return IssuedCertificate(serial: "0C0C03", notAfter: Date().addingTimeInterval(86_400), pem: "x")
            }
            #expect(again == nil)
            // Revocation through the API: every certificate of the agent stops at once.
            #expect(await fleet.call("admin@a.test", .post, "/api/v1/agents/\(live.agentID)/revoke").status == 200)
            #expect(try await agents.validate(serial: "0A0A01") == nil, "revoked")
            #expect(try await AgentCAStore(database: fleet.db.database).revokedSerials().contains("0A0A01"))
            // A renewal for a revoked identity signs nothing.
            #expect(try await agents.renew(valid) { _, _ in
                Issue.record("the signer must not run for a revoked agent")
                return IssuedCertificate(serial: "0D", notAfter: Date(), pem: "x")
            } == nil)
        }
    }

    @Test func aCommandQueuedOnOneConnectionWakesAListenerOnAnother() async throws {
        try await APIFleet.with { fleet in
            let identity = try await DeviceAPITests.enrolledAgent(fleet)
            let notifier = CommandNotifier()
            let listener = NotificationListener(database: fleet.db.database, channels: [CommandStore.channel]) { channel, payload in
                if channel == CommandStore.channel, let id = Int64(payload) { notifier.signal(id) }
            }
            defer { listener.stop() }
            try await Task.sleep(for: .milliseconds(700))  // the listener connects and LISTENs
            let ticket = notifier.register(identity.agentID)
            let started = ContinuousClock.now
            // Woken well before the 30 s timeout (bounds are loose: the whole suite shares two threads).
            async let woke: Void = notifier.wait(ticket, timeout: .seconds(30))
            try await Task.sleep(for: .milliseconds(200))
            _ = try await CommandStore(database: fleet.db.database).enqueue(
                organizationID: identity.organizationID, agentID: identity.agentID, kind: "status", payload: #"{"kind": "status"}"#)
            await woke
            #expect(ContinuousClock.now - started < .seconds(15))
        }
    }

    @Test func aSignalBeforeTheWaitIsNotLostAndTimeoutsEndWaits() async throws {
        let notifier = CommandNotifier()
        let early = notifier.register(7)
        notifier.signal(7)
        let started = ContinuousClock.now
        await notifier.wait(early, timeout: .seconds(30))
        #expect(ContinuousClock.now - started < .seconds(15), "an early signal must not wait for the 30 s timeout")
        let late = notifier.register(7)
        let waitStart = ContinuousClock.now
        await notifier.wait(late, timeout: .milliseconds(300))
        #expect(ContinuousClock.now - waitStart >= .milliseconds(250))
        #expect(notifier.waitingCount == 0)
        // Another agent's signal does not wake this one.
        let mine = notifier.register(8)
        notifier.signal(9)
        let otherStart = ContinuousClock.now
        await notifier.wait(mine, timeout: .milliseconds(300))
        #expect(ContinuousClock.now - otherStart >= .milliseconds(250))
    }
}

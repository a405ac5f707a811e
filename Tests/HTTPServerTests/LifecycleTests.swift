import Testing
@testable import HTTPServer

/// The connection lifecycle and the timer wheel as values, without sockets.
@Suite struct LifecycleTests {
    static var limits: HTTPLimits {
        var limits = HTTPLimits()
        limits.headerTimeout = .seconds(10)
        limits.readTimeout = .seconds(30)
        limits.idleTimeout = .seconds(60)
        limits.writeTimeout = .seconds(20)
        return limits
    }
    let s: UInt64 = 1_000_000_000

    @Test func aSilentConnectionIsClosedQuietlyAtTheHeaderDeadline() {
        let life = ConnectionLifecycle(limits: Self.limits, now: 0)
        #expect(life.timeout(now: 9 * s) == nil)
        #expect(life.timeout(now: 10 * s) == .close)
    }

    @Test func trickledBytesDoNotMoveTheHeaderDeadline() {
        var life = ConnectionLifecycle(limits: Self.limits, now: 0)
        for t in 1...9 { life.bytesArrived(now: UInt64(t) * s) }
        #expect(life.timeout(now: 10 * s) == .respondTimeoutAndClose)
    }

    @Test func requestCycleMovesThroughBodyHandlingAndIdle() {
        var life = ConnectionLifecycle(limits: Self.limits, now: 0)
        life.bytesArrived(now: 1 * s)
        life.headComplete(now: 2 * s, expectsBody: true, keepAlive: true)
        #expect(life.phase == .body)
        #expect(life.timeout(now: 32 * s) == .respondTimeoutAndClose)
        life.bodyComplete()
        #expect(life.phase == .handling)
        #expect(life.deadline == 0)
        let kept = life.responseQueued(now: 100 * s, closeAfter: false)
        #expect(kept)
        #expect(life.phase == .idle)
        #expect(life.isIdle)
        #expect(life.timeout(now: 159 * s) == nil)
        #expect(life.timeout(now: 160 * s) == .close)
        life.bytesArrived(now: 120 * s)
        #expect(life.phase == .head)
        #expect(life.deadline == 130 * s)
    }

    @Test func blockedOutputAddsAWriteDeadlineAndCloseEndsKeepAlive() {
        var life = ConnectionLifecycle(limits: Self.limits, now: 0)
        life.headComplete(now: 0, expectsBody: false, keepAlive: false)
        let kept = life.responseQueued(now: 1 * s, closeAfter: false)
        #expect(!kept)
        #expect(life.phase == .closing)
        life.outputBlocked(now: 2 * s)
        life.outputBlocked(now: 5 * s)  // the clock keeps its first start
        #expect(life.deadline == 22 * s)
        #expect(life.timeout(now: 22 * s) == .close)
        life.outputDrained()
        #expect(life.deadline == 0)
    }

    @Test func wheelVisitsTokensWhenTheirSlotPasses() {
        var wheel = TimerWheel(slotCount: 16, tickNanoseconds: 100, now: 0)
        wheel.schedule(1, deadline: 250)
        wheel.schedule(2, deadline: 1000)
        wheel.schedule(3, deadline: 50_000)  // beyond one revolution: clamped, revisited early
        var seen: [UInt64] = []
        wheel.advance(to: 199, into: &seen)
        #expect(seen.isEmpty)
        wheel.advance(to: 300, into: &seen)
        #expect(seen == [1])
        wheel.advance(to: 1_600, into: &seen)
        #expect(seen == [1, 2, 3])
        #expect(wheel.count == 0)
    }
}

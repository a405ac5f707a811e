/// A hashed timer wheel of connection tokens (the lazy kind lwan and Netty use).
///
/// A connection sits in exactly one slot. Moving a deadline later costs nothing: the connection
/// only records its new deadline; when its slot comes round and the deadline is not yet due, it is
/// put in the slot of its real deadline. So a keep-alive request costs no wheel operation at all.
struct TimerWheel {
    let tickNanoseconds: UInt64
    private var slots: [[UInt64]]
    private var cursor = 0
    private var lastTick: UInt64
    private(set) var count = 0

    init(slotCount: Int = 512, tickNanoseconds: UInt64 = 250_000_000, now: UInt64) {
        self.tickNanoseconds = tickNanoseconds
        slots = Array(repeating: [], count: slotCount)
        lastTick = now / tickNanoseconds
    }

    /// Places `token` in the slot that comes due at `deadline` (clamped to one revolution).
    mutating func schedule(_ token: UInt64, deadline: UInt64) {
        let due = deadline / tickNanoseconds
        let ahead = due > lastTick ? min(Int(due - lastTick), slots.count - 1) : 1
        slots[(cursor + ahead) % slots.count].append(token)
        count += 1
    }

    /// Advances to `now`, appending every token whose slot passed to `due`; a token leaves the wheel
    /// unless its owner schedules it again (which it may do only after this returns).
    mutating func advance(to now: UInt64, into expired: inout [UInt64]) {
        let tick = now / tickNanoseconds
        var steps = min(Int(tick &- lastTick), slots.count)
        if tick <= lastTick { steps = 0 }
        lastTick = tick
        for _ in 0..<steps {
            cursor = (cursor + 1) % slots.count
            if slots[cursor].isEmpty { continue }
            expired += slots[cursor]
            count -= slots[cursor].count
            slots[cursor].removeAll(keepingCapacity: true)
        }
    }

    /// Milliseconds until the next tick, for epoll_wait's timeout.
    func millisecondsToNextTick(now: UInt64) -> Int32 {
        let next = (now / tickNanoseconds + 1) * tickNanoseconds
        return Int32(max(1, (next - now) / 1_000_000))
    }
}

/// A token bucket for the packet rate: refills continuously at `rate` per second up to a burst of
/// a twentieth of a second's worth. Retransmissions may take it below zero, which then holds back
/// new requests, so the long-run rate stays within `rate` whoever sends.
struct TokenBucket {
    let rate: Double
    let capacity: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant

    init(packetsPerSecond: Int, now: ContinuousClock.Instant) {
        rate = Double(max(1, packetsPerSecond))
        capacity = max(1, rate / 20)
        tokens = capacity
        last = now
    }

    private mutating func refill(_ now: ContinuousClock.Instant) {
        let elapsed = now - last
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(capacity, tokens + seconds * rate)
        last = now
    }

    /// Takes a token, or returns how long to wait before one is available.
    mutating func take(now: ContinuousClock.Instant) -> Duration? {
        refill(now)
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return .microseconds(Int64(((1 - tokens) / rate * 1e6).rounded(.up)))
    }

    /// Takes a token whether or not one is there (retransmissions must not wait).
    mutating func force(now: ContinuousClock.Instant) {
        refill(now)
        tokens -= 1
    }
}

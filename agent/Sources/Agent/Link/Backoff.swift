/// Exponential backoff with jitter: `minimum`, doubling up to `maximum` seconds, each delay drawn
/// from ±25 % around its step so that many agents cut off together do not return in lockstep.
struct Backoff: Sendable {
    var minimum: Double
    var maximum: Double
    private(set) var attempt = 0

    init(minimum: Double, maximum: Double) {
        self.minimum = max(0.001, minimum)
        self.maximum = max(self.minimum, maximum)
    }

    /// The next delay in seconds.
    mutating func next() -> Double {
        let step = min(maximum, minimum * Double(1 << min(attempt, 30)))
        attempt += 1
        return min(maximum, max(minimum, step * Double.random(in: 0.75...1.25)))
    }

    mutating func reset() { attempt = 0 }
}

import FleetCore

/// Where and how to ask: one agent's address, community and version.
public struct SNMPTarget: Sendable, Hashable {
    /// A dotted-quad IPv4 address (or `localhost`); names are not resolved, so nothing blocks.
    public var host: String
    public var port: UInt16 = 161
    public var community: String
    public var version: SNMPVersion

    public init(host: String, port: UInt16 = 161, community: String, version: SNMPVersion) {
        self.host = host
        self.port = port
        self.community = community
        self.version = version
    }
}

/// Tuning of one client; the defaults suit a LAN of printers.
public struct SNMPClientOptions: Sendable {
    /// How long one attempt waits for its answer.
    public var timeout: Duration = .milliseconds(1000)
    /// Retransmissions (same request-id) after the first attempt.
    public var retries: Int = 1
    /// Requests awaiting an answer at once; more callers wait for a slot.
    public var maxInFlight: Int = 256
    /// Packets sent per second at most, retransmissions included (a token bucket).
    public var packetsPerSecond: Int = 1000
    /// max-repetitions of the get-bulk requests a walk sends.
    public var maxRepetitions: Int = 25
    /// Scalars per get request in `fetch` (larger requests are split anyway on tooBig).
    public var scalarsPerRequest: Int = 40
    /// Walks and scalar gets one `fetch` runs at once against its device.
    public var fetchConcurrency: Int = 4
    /// Local address to bind; port 0 picks a free one.
    public var bindAddress: String = "0.0.0.0"

    public init() {}
}

/// What can go wrong with a request.
public enum SNMPError: Error, Sendable, Equatable {
    /// No answer after every retry.
    case timeout
    /// The agent answered with a non-zero error-status (RFC 3416 §3), index 1-based.
    case errorStatus(status: Int, index: Int)
    case socket(String)
    /// The request could not be encoded, or the answer does not fit the request.
    case malformed(String)
    /// The client was closed while the request was waiting.
    case closed
    /// The agent cannot answer even a single binding within its message size.
    case tooBig
}

/// Counters of everything the client did; bytes are UDP payloads (what the traffic benchmark reads).
public struct SNMPStatistics: Sendable, Equatable {
    /// Requests sent for the first time.
    public var requestsSent = 0
    public var retransmissions = 0
    /// Requests that got no answer after every retry.
    public var timeouts = 0
    /// Answers matched to a request.
    public var responses = 0
    /// Datagrams ignored: undecodable, unknown request-id, wrong source, community or version.
    public var dropped = 0
    public var bytesSent = 0
    public var bytesReceived = 0
    /// IPv4 fragments beyond the first, had every datagram crossed an Ethernet link (MTU 1500): a
    /// datagram over 1472 bytes of payload costs another frame's headers (34 bytes) per 1480.
    public var fragments = 0

    public init() {}

    /// Counts a datagram of `count` payload bytes sent.
    public mutating func sent(_ count: Int) {
        bytesSent += count
        fragments += Self.extraFragments(count)
    }

    /// Counts a datagram of `count` payload bytes received.
    public mutating func received(_ count: Int) {
        bytesReceived += count
        fragments += Self.extraFragments(count)
    }

    static func extraFragments(_ payload: Int) -> Int { max(0, (payload + 8 + 1479) / 1480 - 1) }
}

extension SNMPStatistics {
    /// The traffic of two sockets together (a client and a broadcast probe).
    public static func + (lhs: SNMPStatistics, rhs: SNMPStatistics) -> SNMPStatistics {
        var result = lhs
        result.requestsSent += rhs.requestsSent
        result.retransmissions += rhs.retransmissions
        result.timeouts += rhs.timeouts
        result.responses += rhs.responses
        result.dropped += rhs.dropped
        result.bytesSent += rhs.bytesSent
        result.bytesReceived += rhs.bytesReceived
        result.fragments += rhs.fragments
        return result
    }

    /// What happened between two readings of the counters (e.g. the traffic of one task).
    public static func - (after: SNMPStatistics, before: SNMPStatistics) -> SNMPStatistics {
        var result = SNMPStatistics()
        result.requestsSent = after.requestsSent - before.requestsSent
        result.retransmissions = after.retransmissions - before.retransmissions
        result.timeouts = after.timeouts - before.timeouts
        result.responses = after.responses - before.responses
        result.dropped = after.dropped - before.dropped
        result.bytesSent = after.bytesSent - before.bytesSent
        result.bytesReceived = after.bytesReceived - before.bytesReceived
        result.fragments = after.fragments - before.fragments
        return result
    }
}

import FleetCore
import Logging

/// An SNMP v1/v2c manager on one UDP socket: many requests in flight, matched by request-id, with
/// timeouts, retransmissions, an in-flight bound and a packet rate limit. Answers are read by a
/// dedicated thread; callers simply await. A malformed, stray or spoofed datagram is dropped,
/// logged at debug level and counted in `statistics.dropped`; it never fails or stalls a request.
public final class SNMPClient: Sendable {
    let engine: ClientEngine

    /// The logger the client was made with (its users log their own findings with it).
    public var logger: Logger { engine.logger }

    public init(options: SNMPClientOptions = .init(), logger: Logger) throws(SNMPError) {
        engine = try ClientEngine(options: options, logger: logger)
        let engine = self.engine
        try startBackgroundThread { engine.receiveLoop() }
    }

    deinit { engine.close() }

    public var options: SNMPClientOptions { engine.options }
    public var statistics: SNMPStatistics { engine.statistics }

    /// Fails every waiting request with `.closed` and stops the receive thread; idempotent.
    public func close() { engine.close() }

    /// GetRequest. A `noSuchName` error (v1, or a v2c agent behaving like one) does not fail the request: the binding it names is
    /// returned as `.noSuchObject` (what a v2c agent would say) and the others are asked again. A
    /// `tooBig` answer splits the request in halves; only a single binding too big throws `.tooBig`.
    public func get(_ oids: [OID], from target: SNMPTarget) async throws(SNMPError) -> [(oid: OID, value: SNMPValue)] {
        try await request(.getRequest, oids, target, absent: .noSuchObject).map { ($0.oid, $0.value) }
    }

    /// GetNextRequest. For v1, `noSuchName` (nothing follows) comes back as `.endOfMibView` for that
    /// binding, as in v2c; `tooBig` splits as in `get`.
    public func getNext(_ oids: [OID], from target: SNMPTarget) async throws(SNMPError) -> [(oid: OID, value: SNMPValue)] {
        try await request(.getNextRequest, oids, target, absent: .endOfMibView).map { ($0.oid, $0.value) }
    }

    /// GetBulkRequest (v2c only; RFC 3416 §4.2.3). A `tooBig` answer halves max-repetitions and asks
    /// again; at one repetition, the non-repeaters are split in halves (the answer keeps their order).
    public func getBulk(_ oids: [OID], nonRepeaters: Int, maxRepetitions: Int,
                        from target: SNMPTarget) async throws(SNMPError) -> [(oid: OID, value: SNMPValue)] {
        try await bulk(oids, nonRepeaters: nonRepeaters, maxRepetitions: maxRepetitions, target).map { ($0.oid, $0.value) }
    }

    // MARK: error-status handling

    /// A get or get-next of `oids`, resolving tooBig by halving and noSuchName by answering `absent`
    /// for the named binding and asking again for the rest (one more round trip per missing binding).
    func request(_ type: SNMPPDUType, _ oids: [OID], _ target: SNMPTarget,
                 absent: SNMPValue) async throws(SNMPError) -> [SNMPVarBind] {
        guard !oids.isEmpty else { return [] }
        let answer = try await engine.exchange(type, oids.map { SNMPVarBind($0, .null) }, to: target)
        switch (answer.errorStatus, target.version) {
        case (0, _):
            guard answer.varbinds.count == oids.count else {
                throw .malformed("\(answer.varbinds.count) bindings answer \(oids.count)")
            }
            return answer.varbinds
        case (1, _):
            guard oids.count > 1 else { throw .tooBig }
            let half = oids.count / 2
            let first = try await request(type, Array(oids[..<half]), target, absent: absent)
            return first + (try await request(type, Array(oids[half...]), target, absent: absent))
        // noSuchName is v1's, but some agents answer v2c requests with it too.
        case (2, _) where (1...oids.count).contains(Int(answer.errorIndex)):
            let index = Int(answer.errorIndex) - 1
            var rest = oids
            rest.remove(at: index)
            var result = try await request(type, rest, target, absent: absent)
            result.insert(SNMPVarBind(oids[index], absent), at: index)
            return result
        default:
            throw .errorStatus(status: Int(answer.errorStatus), index: Int(answer.errorIndex))
        }
    }

    /// A get-bulk, halving max-repetitions on tooBig.
    func bulk(_ oids: [OID], nonRepeaters: Int, maxRepetitions: Int,
              _ target: SNMPTarget) async throws(SNMPError) -> [SNMPVarBind] {
        guard !oids.isEmpty else { return [] }
        let repetitions = Int32(clamping: max(0, maxRepetitions))
        let answer = try await engine.exchange(.getBulkRequest, oids.map { SNMPVarBind($0, .null) },
                                               field2: Int32(clamping: max(0, nonRepeaters)), field3: repetitions, to: target)
        switch answer.errorStatus {
        case 0:
            return answer.varbinds
        case 1 where repetitions > 1:
            return try await bulk(oids, nonRepeaters: nonRepeaters, maxRepetitions: Int(repetitions) / 2, target)
        case 1 where min(nonRepeaters, oids.count) > 1:
            // The non-repeaters alone do not fit: ask half of them with the repeaters, half alone.
            let count = min(nonRepeaters, oids.count), half = count / 2
            let first = try await bulk(Array(oids[..<half] + oids[count...]), nonRepeaters: half,
                                       maxRepetitions: Int(repetitions), target)
            let second = try await bulk(Array(oids[half..<count]), nonRepeaters: count - half, maxRepetitions: 0, target)
            // An answer short of its non-repeaters would shift every later binding onto the wrong object.
            guard first.count >= half, second.count == count - half else {
                throw .malformed("get-bulk answer lacks non-repeaters after a tooBig split")
            }
            return Array(first.prefix(half)) + second + Array(first.dropFirst(half))
        case 1:
            throw .tooBig
        default:
            throw .errorStatus(status: Int(answer.errorStatus), index: Int(answer.errorIndex))
        }
    }
}

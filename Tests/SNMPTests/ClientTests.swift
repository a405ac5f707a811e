import FleetCore
import Logging
import Synchronization
import Testing
@testable import SNMP

/// The client against synthetic responders on 127.0.0.1.
@Suite struct ClientTests {
    static let logger = Logger(label: "snmp-tests")
    static let system: OID = "1.3.6.1.2.1.1"

    /// A long default timeout, so exact counts hold on a loaded machine; timing tests pass their own.
    static func client(timeout: Duration = .seconds(2), retries: Int = 1, packetsPerSecond: Int = 10_000,
                       maxRepetitions: Int = 25) throws -> SNMPClient {
        var options = SNMPClientOptions()
        options.timeout = timeout
        options.retries = retries
        options.packetsPerSecond = packetsPerSecond
        options.maxRepetitions = maxRepetitions
        return try SNMPClient(options: options, logger: logger)
    }

    static let systemMIB: [(OID, SNMPValue)] = (1...7).map { (system.appending(UInt32($0), 0), .octetString(Array("value \($0)".utf8))) }
        + [("1.3.6.1.2.1.2.1.0", .integer(2)), ("1.3.6.1.2.1.25.3.2.1.2.1", .objectIdentifier("1.3.6.1.2.1.25.3.1.5"))]

    /// Answers are held until 40 requests are in, then sent in reverse order; each caller still
    /// gets its own value.
    @Test func concurrentGetsMatchedOutOfOrder() async throws {
        let count = 40
        let agent = SyntheticAgent((0..<count).map { (OID([1, 3, 6, 1, 4, 1, 99, UInt32($0)]), .integer(Int64($0) * 7)) })
        let held = Mutex<[SNMPMessage]>([])
        let responder = try Responder { message in
            let batch = held.withLock { held -> [SNMPMessage] in
                held.append(message)
                guard held.count == count else { return [] }
                defer { held.removeAll() }
                return held.reversed()
            }
            return batch.compactMap { agent.answer($0).flatMap { try? $0.encoded() } }
        }
        let client = try Self.client(timeout: .seconds(5))
        let results = try await withThrowingTaskGroup(of: (Int, [(oid: OID, value: SNMPValue)]).self) { group in
            for index in 0..<count {
                group.addTask { (index, try await client.get([OID([1, 3, 6, 1, 4, 1, 99, UInt32(index)])], from: responder.target())) }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        for index in 0..<count {
            #expect(results[index]?.first?.value == .integer(Int64(index) * 7))
        }
        #expect(client.statistics.responses == count)
        #expect(client.statistics.retransmissions == 0)
    }

    /// The first attempt of every request is ignored; the retransmission (same id) is answered.
    @Test func droppedPacketIsRetried() async throws {
        let agent = SyntheticAgent(Self.systemMIB)
        let seen = Mutex<Set<Int32>>([])
        let responder = try Responder { message in
            guard let id = message.basicPDU?.requestID, seen.withLock({ !$0.insert(id).inserted }) else { return [] }
            return [try! agent.answer(message)!.encoded()]
        }
        let client = try Self.client(timeout: .milliseconds(500))
        let result = try await client.get([Self.system.appending(5, 0)], from: responder.target())
        #expect(result.first?.value == .octetString(Array("value 5".utf8)))
        #expect(client.statistics.retransmissions == 1)
        #expect(client.statistics.requestsSent == 1)
        let ids = responder.requests.compactMap { $0.basicPDU?.requestID }
        #expect(ids.count == 2 && ids[0] == ids[1])
    }

    @Test func timeoutAfterRetries() async throws {
        let responder = try Responder { _ in [] }
        let client = try Self.client(timeout: .milliseconds(100), retries: 2)
        let start = ContinuousClock.now
        await #expect(throws: SNMPError.timeout) { try await client.get([Self.system.appending(1, 0)], from: responder.target()) }
        #expect(ContinuousClock.now - start >= .milliseconds(290))
        #expect(client.statistics.timeouts == 1)
        #expect(client.statistics.retransmissions == 2)
        #expect(responder.requests.count == 3)
    }

    /// Garbage, a wrong request-id, a wrong community and a wrong version come first; all are
    /// dropped and counted, and the right answer still arrives.
    @Test func strayDatagramsAreDropped() async throws {
        let agent = SyntheticAgent(Self.systemMIB)
        let responder = try Responder { message in
            guard var good = agent.answer(message), case .basic(var pdu) = good.pdu else { return [] }
            var wrongID = good
            pdu.requestID &+= 1
            wrongID.pdu = .basic(pdu)
            var wrongCommunity = good
            wrongCommunity.community = Array("private".utf8)
            var wrongVersion = good
            wrongVersion.version = .v1
            good.pdu = good.pdu
            return [[0x30, 0x03, 0x02, 0x01], [0xFF, 0x00, 0x13], try! wrongID.encoded(), try! wrongCommunity.encoded(),
                    try! wrongVersion.encoded(), try! good.encoded()]
        }
        let client = try Self.client()
        let result = try await client.get([Self.system.appending(2, 0), Self.system.appending(9, 0)], from: responder.target())
        #expect(result.map(\.value) == [.octetString(Array("value 2".utf8)), .noSuchObject])
        #expect(client.statistics.dropped == 5)
        #expect(client.statistics.responses == 1)
    }

    @Test func walkStopsAtSubtreeEnd() async throws {
        let responder = try Responder(agent: SyntheticAgent(Self.systemMIB))
        let client = try Self.client(maxRepetitions: 3)
        let result = try await client.walk(Self.system, from: responder.target())
        #expect(result.map(\.oid) == (1...7).map { Self.system.appending(UInt32($0), 0) })
        #expect(client.statistics.requestsSent == 3)
        let whole = try await client.walk("1.3.6.1.2.1", from: responder.target())
        #expect(whole.count == Self.systemMIB.count)
    }

    /// An agent that answers every get-bulk with the same binding: the walk returns it once and stops.
    @Test func walkStopsAtLoop() async throws {
        let responder = try Responder { message in
            guard let pdu = message.basicPDU else { return [] }
            let binds = [SNMPVarBind("1.3.6.1.2.1.1.3.0", .timeTicks(1)), SNMPVarBind("1.3.6.1.2.1.1.2.0", .null)]
            let answer = SNMPBasicPDU(type: .response, requestID: pdu.requestID,
                                      varbinds: pdu.type == .getBulkRequest ? binds : [binds[0]])
            return [try! SNMPMessage(version: message.version, community: message.community, pdu: .basic(answer)).encoded()]
        }
        let client = try Self.client()
        let result = try await client.walk(Self.system, from: responder.target())
        #expect(result.map(\.oid) == ["1.3.6.1.2.1.1.3.0"])
        let v1 = try await client.walk(Self.system, from: responder.target(.v1))
        #expect(v1.map(\.oid) == ["1.3.6.1.2.1.1.3.0"])
        #expect(client.statistics.requestsSent == 3)
    }

    /// A v1 walk by get-next runs to the end of the agent's MIB (noSuchName) without an error.
    @Test func v1GetNextWalk() async throws {
        let responder = try Responder(agent: SyntheticAgent(Self.systemMIB))
        let client = try Self.client()
        let result = try await client.walk("1.3.6.1.2.1.25", from: responder.target(.v1))
        #expect(result.map(\.oid) == ["1.3.6.1.2.1.25.3.2.1.2.1"])
        let system = try await client.walk(Self.system, from: responder.target(.v1))
        #expect(system.count == 7)
        #expect(responder.requests.allSatisfy { $0.basicPDU?.type == .getNextRequest && $0.version == .v1 })
    }

    /// A v1 agent that refuses more than 3 bindings: a get of 10 is split until it fits; a missing
    /// one (noSuchName) comes back as noSuchObject in its place.
    @Test func tooBigIsSplitAndNoSuchNameIsAbsent() async throws {
        var mib = Self.systemMIB
        mib.removeAll { $0.0 == Self.system.appending(4, 0) }
        let responder = try Responder(agent: SyntheticAgent(mib, maxBindings: 3))
        let client = try Self.client()
        let oids = (1...10).map { Self.system.appending(UInt32($0), 0) }
        let result = try await client.get(oids, from: responder.target(.v1))
        #expect(result.map(\.oid) == oids)
        for (index, entry) in result.enumerated() {
            let expected: SNMPValue = index == 3 || index >= 7 ? .noSuchObject : .octetString(Array("value \(index + 1)".utf8))
            #expect(entry.value == expected)
        }
        let single = try Responder(agent: SyntheticAgent(mib, maxBindings: 0))
        await #expect(throws: SNMPError.tooBig) { try await client.get([oids[0]], from: single.target(.v1)) }
    }

    /// A get-bulk whose non-repeaters alone do not fit in the agent's answer is split (the answer
    /// keeps the bindings' order: non-repeaters, then the repeaters' rows); one binding too many throws.
    @Test func bulkNonRepeatersTooBigAreSplit() async throws {
        let responder = try Responder(agent: SyntheticAgent(Self.systemMIB, maxBindings: 4))
        let client = try Self.client()
        let singles = (1...6).map { Self.system.appending(UInt32($0)) }
        let page = try await client.getBulk(singles + [Self.system.appending(7)], nonRepeaters: 6, maxRepetitions: 4,
                                            from: responder.target())
        #expect(Array(page.prefix(6).map(\.oid)) == (1...6).map { Self.system.appending(UInt32($0), 0) })
        #expect(page.dropFirst(6).first?.oid == Self.system.appending(7, 0))
        let none = try Responder(agent: SyntheticAgent(Self.systemMIB, maxBindings: 0))
        await #expect(throws: SNMPError.tooBig) {
            try await client.getBulk([singles[0], singles[1]], nonRepeaters: 2, maxRepetitions: 1, from: none.target())
        }
    }

    /// 60 packets at 200 per second with a burst of 10 take at least a quarter of a second.
    @Test func rateLimitIsRespected() async throws {
        let responder = try Responder(agent: SyntheticAgent(Self.systemMIB))
        let client = try Self.client(packetsPerSecond: 200)
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<60 { group.addTask { _ = try await client.get([Self.system.appending(1, 0)], from: responder.target()) } }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(240), "60 packets in \(elapsed)")
        // No upper bound: on a busy machine the test task itself may wait; the limit is the lower bound.
    }

    @Test func statisticsCountPayloadBytes() async throws {
        let agent = SyntheticAgent(Self.systemMIB)
        let responder = try Responder(agent: agent)
        let client = try Self.client()
        let target = responder.target()
        _ = try await client.get([Self.system.appending(1, 0)], from: target)
        let request = try #require(responder.requests.first)
        let answer = try #require(agent.answer(request)).encoded()
        let statistics = client.statistics
        #expect(statistics.bytesSent == (try request.encoded()).count)
        // A sysDescr-like get is 41 bytes with a one-octet request-id; ours take at most two.
        #expect(statistics.bytesSent <= 42)
        #expect(statistics.bytesReceived == answer.count)
        #expect(statistics.requestsSent == 1 && statistics.responses == 1 && statistics.dropped == 0)
    }

    @Test func fetchMergesSubtreesAndScalars() async throws {
        let responder = try Responder(agent: SyntheticAgent(Self.systemMIB))
        let client = try Self.client(maxRepetitions: 4)
        let view = try await client.fetch(subtrees: [Self.system, "1.3.6.1.2.1.25"],
                                          scalars: ["1.3.6.1.2.1.2.1.0", "1.3.6.1.2.1.2.2.0"], from: responder.target())
        #expect(view.count == 10)
        #expect(view["1.3.6.1.2.1.2.1.0"] == .integer(2))
        #expect(view["1.3.6.1.2.1.2.2.0"] == nil)
        #expect(view.subtree(Self.system).count == 7)
    }

    @Test func closeFailsWaitingRequests() async throws {
        let responder = try Responder { _ in [] }
        let client = try Self.client(timeout: .seconds(10))
        let pending = Task { try await client.get([Self.system.appending(1, 0)], from: responder.target()) }
        try await Task.sleep(for: .milliseconds(100))
        client.close()
        await #expect(throws: SNMPError.closed) { try await pending.value }
        await #expect(throws: SNMPError.closed) { try await client.get([Self.system], from: responder.target()) }
    }

    /// With maxInFlight 2 and an agent that never answers, only two of six requests reach the wire.
    @Test func inFlightBound() async throws {
        let responder = try Responder { _ in [] }
        var options = SNMPClientOptions()
        options.maxInFlight = 2
        options.timeout = .seconds(10)
        let client = try SNMPClient(options: options, logger: Self.logger)
        let tasks = (0..<6).map { index in
            Task { try await client.get([Self.system.appending(UInt32(index), 0)], from: responder.target()) }
        }
        // Wait for the first two to reach the wire (the test process may be busy), then give the other
        // four ample time: they must stay queued.
        let deadline = ContinuousClock.now + .seconds(8)
        while responder.requests.count < 2 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(500))
        #expect(responder.requests.count == 2)
        client.close()
        for task in tasks { await #expect(throws: SNMPError.closed) { try await task.value } }
    }

    /// get-bulk with a non-repeater and two repeaters, as RFC 3416 §4.2.3 lays the answer out.
    @Test func getBulkLayout() async throws {
        let responder = try Responder(agent: SyntheticAgent(Self.systemMIB))
        let client = try Self.client()
        let result = try await client.getBulk(["1.3.6.1.2.1.1.1", "1.3.6.1.2.1.1.2", "1.3.6.1.2.1.1.4"],
                                              nonRepeaters: 1, maxRepetitions: 2, from: responder.target())
        #expect(result.map(\.oid) == ["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.4.0",
                                       "1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.1.5.0"])
        let next = try await client.getNext(["1.3.6.1.2.1.1.7.0", "1.3.6.1.2.1.25.3.2.1.2.1"], from: responder.target())
        #expect(next.map(\.value) == [.integer(2), .endOfMibView])
    }

    /// A flood of garbage ahead of the answer neither crashes nor stalls the client.
    @Test func floodOfGarbageThenAnswer() async throws {
        let agent = SyntheticAgent(Self.systemMIB)
        let responder = try Responder { message in
            let garbage = (0..<300).map { index -> [UInt8] in [0x30, UInt8(index % 256), 0x02, 0x81, 0xFF] }
            return garbage + [try! agent.answer(message)!.encoded()]
        }
        let client = try Self.client(timeout: .seconds(2))
        let result = try await client.get([Self.system.appending(3, 0)], from: responder.target())
        #expect(result.first?.value == .octetString(Array("value 3".utf8)))
        #expect(client.statistics.dropped >= 250)
    }

    /// A walk with a small max-repetitions overshoots the subtree by fewer bindings.
    @Test func walkWithOwnMaxRepetitions() async throws {
        let interfaces: [(OID, SNMPValue)] = (1...30).map { (OID("1.3.6.1.2.1.2.2.1.10").appending(UInt32($0)), .counter32(UInt32($0))) }
        let responder = try Responder(agent: SyntheticAgent(Self.systemMIB + interfaces))
        let client = try Self.client(maxRepetitions: 25)
        let wide = try await client.walk(Self.system, from: responder.target())
        let afterWide = client.statistics
        let narrow = try await client.walk(Self.system, maxRepetitions: 8, from: responder.target())
        let narrowCost = client.statistics - afterWide
        #expect(wide.map(\.oid) == narrow.map(\.oid))
        #expect(narrowCost.requestsSent == 1 && afterWide.requestsSent == 1)
        #expect(narrowCost.bytesReceived * 2 < afterWide.bytesReceived)
        let view = try await client.fetch(subtrees: [Self.system], scalars: [], from: responder.target(),
                                          maxRepetitions: [Self.system: 8])
        #expect(view.count == 7)
    }

    /// The right answer sent first from another port (a spoofer, or another agent) is dropped; the
    /// same answer from the agent's own address and port is taken.
    @Test func answerFromWrongPortIsDropped() async throws {
        let agent = SyntheticAgent(Self.systemMIB)
        let other = try UDPSocket(bindTo: UDPAddress(host: "127.0.0.1", port: 0)!)
        let responder = try Responder(withSource: { message, source in
            let answer = try! agent.answer(message)!.encoded()
            _ = try? other.send(answer, to: source)
            return [answer]
        })
        let client = try Self.client()
        let result = try await client.get([Self.system.appending(6, 0)], from: responder.target())
        #expect(result.first?.value == .octetString(Array("value 6".utf8)))
        #expect(client.statistics.dropped == 1 && client.statistics.responses == 1)
    }
}

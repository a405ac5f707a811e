import FleetCore
import Logging
import Synchronization
import Testing
@testable import SNMP

/// Traps sent from a test socket on 127.0.0.1 to a receiver on a free port.
@Suite struct TrapReceiverTests {
    /// Collects what the handler is given.
    final class Inbox: Sendable {
        let traps = Mutex<[SNMPTrap]>([])
    }

    /// Polls until `condition` holds or two seconds pass (the receiver runs on its own thread).
    func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<200 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
    }

    @Test func v1AndV2cTrapsAndInform() async throws {
        let inbox = Inbox()
        let receiver = try SNMPTrapReceiver(host: "127.0.0.1", port: 0, logger: Logger(label: "traps")) { trap in
            inbox.traps.withLock { $0.append(trap) }
        }
        defer { receiver.close() }
        let sender = try UDPSocket(bindTo: UDPAddress(host: "127.0.0.1", port: 0)!)
        let to = UDPAddress(host: "127.0.0.1", port: receiver.port)!
        let data = SNMPVarBind("1.3.6.1.2.1.43.18.1.1.8.1.7", .integer(1101))

        let v1 = SNMPV1TrapPDU(enterprise: "1.3.6.1.4.1.11.2.3.9.1", agentAddress: [10, 0, 0, 9], genericTrap: 6,
                               specificTrap: 3, timestamp: 777, varbinds: [data])
        _ = try sender.send(SNMPMessage(version: .v1, community: Array("public".utf8), pdu: .v1Trap(v1)).encoded(), to: to)
        _ = try sender.send([0x30, 0x02, 0x05, 0x00], to: to)
        let header = [SNMPVarBind("1.3.6.1.2.1.1.3.0", .timeTicks(888)),
                      SNMPVarBind("1.3.6.1.6.3.1.1.4.1.0", .objectIdentifier("1.3.6.1.2.1.43.18.2.0.1"))]
        let v2 = SNMPBasicPDU(type: .snmpV2Trap, requestID: 5, varbinds: header + [data])
        _ = try sender.send(SNMPMessage(version: .v2c, community: Array("public".utf8), pdu: .basic(v2)).encoded(), to: to)
        let inform = SNMPBasicPDU(type: .informRequest, requestID: 6, varbinds: header)
        _ = try sender.send(SNMPMessage(version: .v2c, community: Array("c2".utf8), pdu: .basic(inform)).encoded(), to: to)
        // A v2 trap without its two header bindings is malformed.
        let headless = SNMPBasicPDU(type: .snmpV2Trap, requestID: 7, varbinds: [data])
        _ = try sender.send(SNMPMessage(version: .v2c, community: [], pdu: .basic(headless)).encoded(), to: to)

        try await eventually { inbox.traps.withLock { $0.count } == 3 && receiver.statistics.dropped == 2 }
        let traps = inbox.traps.withLock { $0 }
        try #require(traps.count == 3)
        #expect(traps[0].version == .v1 && traps[0].trapOID == "1.3.6.1.4.1.11.2.3.9.1.0.3")
        #expect(traps[0].genericTrap == 6 && traps[0].specificTrap == 3 && traps[0].uptime == 777)
        #expect(traps[0].agentAddress == [10, 0, 0, 9] && traps[0].varbinds == [data])
        #expect(traps[0].source == sender.localAddress && traps[0].community == "public")
        #expect(traps[1].version == .v2c && traps[1].trapOID == "1.3.6.1.2.1.43.18.2.0.1" && traps[1].uptime == 888)
        #expect(traps[1].varbinds == [data] && !traps[1].isInform)
        #expect(traps[2].isInform && traps[2].community == "c2" && traps[2].varbinds.isEmpty)
        let statistics = receiver.statistics
        #expect(statistics.received == 3 && statistics.dropped == 2 && statistics.informsAnswered == 1)

        // The Inform's Response came back to the sender: same id, same bindings.
        var buffer = [UInt8](repeating: 0, count: 2048)
        var answer: SNMPMessage?
        for _ in 0..<100 where answer == nil {
            if case .done(let (count, _)) = try sender.receive(into: &buffer) {
                answer = try SNMPMessage.decode(Array(buffer[0..<count]))
            } else {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        let response = try #require(answer?.basicPDU)
        #expect(response.type == .response && response.requestID == 6 && response.varbinds == header)
    }

    @Test func genericV1TrapMapsToSnmpTraps() throws {
        let pdu = SNMPV1TrapPDU(enterprise: "1.3.6.1.4.1.11", agentAddress: [127, 0, 0, 1], genericTrap: 0, specificTrap: 0,
                                timestamp: 1, varbinds: [])
        let message = SNMPMessage(version: .v1, community: [], pdu: .v1Trap(pdu))
        let trap = try SNMPTrap.from(message, source: UDPAddress(octets: [127, 0, 0, 1], port: 1)).get()
        #expect(trap.trapOID == "1.3.6.1.6.3.1.1.5.1")  // coldStart
    }
}

/// A port already taken is an error, not a silent second listener.
@Test func trapReceiverPortConflict() throws {
    let first = try SNMPTrapReceiver(host: "127.0.0.1", port: 0, logger: Logger(label: "traps")) { _ in }
    defer { first.close() }
    #expect(throws: SNMPError.self) {
        _ = try SNMPTrapReceiver(host: "127.0.0.1", port: first.port, logger: Logger(label: "traps")) { _ in }
    }
}

import FleetCore
import Synchronization
@testable import SNMP

/// A UDP relay on 127.0.0.1 between the agent and an SNMP responder that behaves like awkward real
/// agents: it cuts every answer to a get-bulk down to its first `keep` bindings (what RFC 3416 §4.2.3
/// lets an agent do to fit its message size, and what printers with small buffers do), and it can
/// drop every message of one version (a v1-only board ignores v2c). Runs on its own thread.
final class FaultyAgentProxy: Sendable {
    /// What the relay thread shares with the test (a class: the thread must not keep the proxy alive).
    final class State: Sendable {
        let stopped = Atomic<Bool>(false)
        /// Answers cut short so far.
        let cut = Atomic<Int>(0)
    }

    private let socket: UDPSocket
    private let state = State()

    var port: UInt16 { socket.localAddress.port }
    var truncated: Int { state.cut.load(ordering: .relaxed) }

    /// `dropping`: messages of that version go unanswered; `dropBulk`: get-bulk requests do (an agent
    /// that answers v2c Gets but not GetBulk).
    init(to upstream: UDPAddress, keep: Int = .max, dropping: SNMPVersion? = nil, dropBulk: Bool = false) throws {
        socket = try UDPSocket(bindTo: UDPAddress(host: "127.0.0.1", port: 0)!)
        let socket = self.socket, state = self.state
        try startBackgroundThread {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            var clients: [Int32: (address: UDPAddress, bulk: Bool)] = [:]
            while !state.stopped.load(ordering: .relaxed) {
                guard (try? socket.waitReadable(milliseconds: 20)) == true else { continue }
                while case .done(let (count, source))? = try? socket.receive(into: &buffer) {
                    let bytes = Array(buffer[0..<count])
                    guard let message = try? SNMPMessage.decode(bytes), let pdu = message.basicPDU else { continue }
                    if source != upstream {
                        if message.version == dropping || (dropBulk && pdu.type == .getBulkRequest) { continue }
                        clients[pdu.requestID] = (source, pdu.type == .getBulkRequest)
                        _ = try? socket.send(bytes, to: upstream)
                        continue
                    }
                    guard let client = clients.removeValue(forKey: pdu.requestID) else { continue }
                    var answer = pdu
                    if client.bulk && answer.varbinds.count > keep {
                        answer.varbinds = Array(answer.varbinds.prefix(keep))
                        state.cut.add(1, ordering: .relaxed)
                    }
                    let reply = SNMPMessage(version: message.version, community: message.community, pdu: .basic(answer))
                    if let encoded = try? reply.encoded() { _ = try? socket.send(encoded, to: client.address) }
                }
            }
        }
    }

    func stop() { state.stopped.store(true, ordering: .relaxed) }

    deinit { stop() }
}

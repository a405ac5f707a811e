import FleetCore
import Synchronization
@testable import SNMP

/// A tiny in-memory SNMP agent: answers get, get-next and get-bulk from a sorted list of bindings
/// with v1 or v2c semantics, and answers tooBig above `maxBindings` bindings per request (a get-bulk:
/// above `maxBindings` non-repeaters; its repetitions stop at `maxBindings` bindings in all).
struct SyntheticAgent: Sendable {
    var mib: [SNMPVarBind]
    var community: [UInt8] = Array("public".utf8)
    var maxBindings = Int.max

    init(_ mib: [(OID, SNMPValue)], maxBindings: Int = .max) {
        self.mib = mib.map { SNMPVarBind($0.0, $0.1) }.sorted { $0.oid < $1.oid }
        self.maxBindings = maxBindings
    }

    func exact(_ oid: OID) -> SNMPVarBind? { mib.first { $0.oid == oid } }
    func next(_ oid: OID) -> SNMPVarBind? { mib.first { $0.oid > oid } }

    func answer(_ message: SNMPMessage) -> SNMPMessage? {
        guard let pdu = message.basicPDU, message.community == community else { return nil }
        var out = SNMPBasicPDU(type: .response, requestID: pdu.requestID, varbinds: [])
        let v1 = message.version == .v1
        switch pdu.type {
        case .getRequest, .getNextRequest:
            if pdu.varbinds.count > maxBindings {
                out.errorStatus = 1
                out.varbinds = pdu.varbinds
                break
            }
            for (index, bind) in pdu.varbinds.enumerated() {
                if let found = pdu.type == .getRequest ? exact(bind.oid) : next(bind.oid) {
                    out.varbinds.append(found)
                } else if v1 {
                    out = SNMPBasicPDU(type: .response, requestID: pdu.requestID, errorStatus: 2,
                                       errorIndex: Int32(index + 1), varbinds: pdu.varbinds)
                    break
                } else {
                    out.varbinds.append(SNMPVarBind(bind.oid, pdu.type == .getRequest ? .noSuchObject : .endOfMibView))
                }
            }
        case .getBulkRequest:
            let nonRepeaters = min(Int(pdu.errorStatus), pdu.varbinds.count)
            if nonRepeaters > maxBindings {
                out.errorStatus = 1
                out.varbinds = pdu.varbinds
                break
            }
            for bind in pdu.varbinds.prefix(nonRepeaters) {
                out.varbinds.append(next(bind.oid) ?? SNMPVarBind(bind.oid, .endOfMibView))
            }
            var cursors = pdu.varbinds.dropFirst(nonRepeaters).map(\.oid)
            repetitions: for _ in 0..<Int(pdu.errorIndex) {
                for (index, cursor) in cursors.enumerated() {
                    guard let found = next(cursor) else {
                        out.varbinds.append(SNMPVarBind(cursor, .endOfMibView))
                        break repetitions
                    }
                    out.varbinds.append(found)
                    cursors[index] = found.oid
                }
            }
        default:
            return nil
        }
        // A get-bulk answer may stop short of its repetitions to fit (RFC 3416 §4.2.3).
        if pdu.type == .getBulkRequest, out.errorStatus == 0 { out.varbinds = Array(out.varbinds.prefix(maxBindings)) }
        return SNMPMessage(version: message.version, community: message.community, pdu: .basic(out))
    }
}

/// A UDP responder on 127.0.0.1 with a port of its own, run on its own thread (never the
/// cooperative pool). `handler` sees each decodable request and returns the datagrams to send back.
final class Responder: Sendable {
    /// What the responder thread shares with the test; a class so the thread need not keep the
    /// responder itself alive (its deinit stops the thread).
    final class Shared: Sendable {
        let stopped = Atomic<Bool>(false)
        let requests = Mutex<[SNMPMessage]>([])
    }

    let socket: UDPSocket
    let shared = Shared()
    /// Every decodable request received so far.
    var requests: [SNMPMessage] { shared.requests.withLock { $0 } }

    var port: UInt16 { socket.localAddress.port }

    convenience init(_ handler: @escaping @Sendable (SNMPMessage) -> [[UInt8]]) throws {
        try self.init(withSource: { message, _ in handler(message) })
    }

    /// A responder whose handler also sees the request's source address.
    init(withSource handler: @escaping @Sendable (SNMPMessage, UDPAddress) -> [[UInt8]]) throws {
        socket = try UDPSocket(bindTo: UDPAddress(host: "127.0.0.1", port: 0)!)
        let socket = self.socket, shared = self.shared
        try startBackgroundThread {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while !shared.stopped.load(ordering: .relaxed) {
                guard (try? socket.waitReadable(milliseconds: 20)) == true else { continue }
                while case .done(let (count, source))? = try? socket.receive(into: &buffer) {
                    guard let message = try? SNMPMessage.decode(Array(buffer[0..<count])) else { continue }
                    shared.requests.withLock { $0.append(message) }
                    for reply in handler(message, source) { _ = try? socket.send(reply, to: source) }
                }
            }
        }
    }

    /// A responder that answers from `agent`.
    convenience init(agent: SyntheticAgent) throws {
        try self.init { message in agent.answer(message).flatMap { try? $0.encoded() }.map { [$0] } ?? [] }
    }

    func stop() { shared.stopped.store(true, ordering: .relaxed) }

    deinit { stop() }

    func target(_ version: SNMPVersion = .v2c, community: String = "public") -> SNMPTarget {
        SNMPTarget(host: "127.0.0.1", port: port, community: community, version: version)
    }
}

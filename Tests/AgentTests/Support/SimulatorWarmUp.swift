import FleetCore
import Logging
import SNMP

/// snmpsim reads a recording on its first request, which on a busy machine takes seconds: a test
/// whose own timeouts are short asks (over v1, `target`'s address and community) until it answers,
/// at most 30 tries of 2 s, and throws when it never does.
func waitUntilAnswering(_ target: SNMPTarget) async throws {
    var options = SNMPClientOptions()
    options.timeout = .seconds(2)
    options.retries = 0
    let client = try SNMPClient(options: options, logger: Logger(label: "simulator-warm-up"))
    defer { client.close() }
    var v1 = target
    v1.version = .v1
    for _ in 0..<30 {
        if (try? await client.get([StandardOIDs.sysObjectID], from: v1)) != nil { return }
    }
    throw SimulatorError(description: "the simulated printer at \(target.host):\(target.port) never answered")
}

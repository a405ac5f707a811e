import Foundation
import Store
import Synchronization

/// Serials the gateway's TLS handshake refuses, kept in memory because the check runs on an event
/// loop, which must not wait for the database. Refreshed at start, on every `agent_revoked`
/// notification (from any server process) and every few seconds; the database check on each request
/// stays the authority, so the list only has to be quick, not complete.
public final class RevocationList: Sendable {
    private let serials = Mutex<Set<String>>([])
    private let store: AgentCAStore

    public init(database: Database) { store = AgentCAStore(database: database) }

    public func contains(_ serial: String) -> Bool { serials.withLock { $0.contains(serial.uppercased()) } }

    public func refresh() async {
        guard let fresh = try? await store.revokedSerials() else { return }
        serials.withLock { $0 = Set(fresh.map { $0.uppercased() }) }
    }
}

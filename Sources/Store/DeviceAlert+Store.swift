import Foundation

/// Alerts of the fleet's devices, within a caller's scope (the ingest opens and clears them; users
/// read and acknowledge them).
public struct AlertStore: Sendable {
    let database: Database
    public init(database: Database) { self.database = database }
}

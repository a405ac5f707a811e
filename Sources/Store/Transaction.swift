/// A transaction in progress, handed to the body of `Database.transaction`. Its calls block the pool
/// thread the body runs on; it must not outlive the body (it is not `Sendable`, which keeps it there).
public struct Transaction {
    let connection: PostgresConnection

    /// Rows of a query.
    public func query(_ sql: SQL) throws(StoreError) -> [Row] { try connection.query(sql) }

    /// Rows affected by a command.
    @discardableResult
    public func execute(_ sql: SQL) throws(StoreError) -> Int { try connection.execute(sql) }

    /// The first row, or nil when there is none.
    public func queryOne(_ sql: SQL) throws(StoreError) -> Row? { try connection.query(sql).first }
}

extension Transaction {
    /// Several statements without parameters (a migration), through the simple protocol.
    func script(_ text: String) throws(StoreError) { try connection.script(text) }
}

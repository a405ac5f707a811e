import Foundation

/// Slows down password guessing: after `perEmail` failures for one address in `window`, or `perAddress`
/// failures from one network address, sign-in is refused (even with the right password) until the
/// window has moved on. System mode throughout: no tenant is known before sign-in.
public struct LoginThrottle: Sendable {
    let database: Database
    public let window: TimeInterval
    public let perEmail: Int
    public let perAddress: Int

    public init(database: Database, window: TimeInterval = 15 * 60, perEmail: Int = 5, perAddress: Int = 30) {
        self.database = database
        self.window = window
        self.perEmail = perEmail
        self.perAddress = perAddress
    }

    public func isThrottled(email: String, address: String) async throws(StoreError) -> Bool {
        let since = Date().addingTimeInterval(-window)
        let email = Validate.normalizedEmail(email)
        return try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) -> Bool in
            guard let row = try tx.queryOne("""
                SELECT (SELECT count(*) FROM login_failures WHERE email = \(email) AND at > \(since)) AS by_email,
                       (SELECT count(*) FROM login_failures WHERE address = \(address) AND at > \(since)) AS by_address
                """) else { return false }
            let byEmail = try row.int("by_email")
            let byAddress = try row.int("by_address")
            return byEmail >= perEmail || byAddress >= perAddress
        }
    }

    public func recordFailure(email: String, address: String) async throws(StoreError) {
        let email = String(Validate.normalizedEmail(email).prefix(254))
        let cutoff = Date().addingTimeInterval(-window * 4)
        try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) in
            _ = try tx.execute("INSERT INTO login_failures (email, address) VALUES (\(email), \(address))")
            _ = try tx.execute("DELETE FROM login_failures WHERE at < \(cutoff)")
        }
    }

    /// A successful sign-in forgets that e-mail's failures.
    public func clear(email: String) async throws(StoreError) {
        let email = Validate.normalizedEmail(email)
        try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) in
            _ = try tx.execute("DELETE FROM login_failures WHERE email = \(email)")
        }
    }
}

import Foundation
import Synchronization

/// Monthly partitions of `readings`, made before the first reading of a month is stored. Each is
/// created in its own short transaction under an advisory lock (two server processes may race for
/// the same month), so the ingest's own transaction never holds DDL locks. The months known to exist
/// are remembered per process.
final class ReadingPartitions: Sendable {
    let database: Database
    private let known = Mutex<Set<String>>([])

    init(database: Database) { self.database = database }

    /// Makes sure a partition exists for each month of `dates` (UTC).
    func ensure(for dates: [Date]) async throws(StoreError) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var months: [(name: String, start: Date, end: Date)] = []
        for date in dates {
            let parts = calendar.dateComponents([.year, .month], from: date)
            guard let year = parts.year, let month = parts.month, (1970...2200).contains(year),
                  let start = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
                  let end = calendar.date(byAdding: .month, value: 1, to: start) else { continue }
            let name = String(format: "readings_y%04dm%02d", year, month)
            if !known.withLock({ $0.contains(name) }) && !months.contains(where: { $0.name == name }) {
                months.append((name, start, end))
            }
        }
        for month in months {
            try await database.transaction(settings: TenantScope.system) { (tx) throws(StoreError) in
                _ = try tx.execute("SELECT pg_advisory_xact_lock(hashtext('printercare.readings_partitions'))")
                guard try tx.queryOne("SELECT 1 AS ok FROM pg_class WHERE relname = \(month.name)") == nil else { return }
                // DDL takes no parameters: the name and both bounds are made above from integers and Dates only.
                _ = try tx.execute("""
                    CREATE TABLE \(raw: month.name) PARTITION OF readings
                    FOR VALUES FROM ('\(raw: Self.literal(month.start))') TO ('\(raw: Self.literal(month.end))')
                    """)
            }
            known.withLock { _ = $0.insert(month.name) }
        }
    }

    /// A timestamptz literal of whole seconds in UTC (made from a Date, never from input text).
    private static func literal(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

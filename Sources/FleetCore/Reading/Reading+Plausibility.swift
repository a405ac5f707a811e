extension Reading {
    /// Largest counter value accepted (a trillion pages: no printer comes near it; far below Int64's
    /// range, so sums and differences over a year of readings cannot overflow).
    public static let counterLimit: Int64 = 1_000_000_000_000

    /// Why this reading cannot be true, or nil. Readings come from agents on customers' networks: a
    /// number outside what the MIB allows is refused at ingest rather than stored, drawn or summed.
    public var implausibility: String? {
        let counterValues = [counters.total, counters.mono, counters.color, counters.print, counters.copy,
                             counters.fax, counters.scan].compactMap { $0 }
        if let bad = counterValues.first(where: { !(0...Self.counterLimit).contains($0) }) { return "counter \(bad) out of range" }
        for supply in supplies {
            if let percent = supply.percent, !(percent.isFinite && (0...100).contains(percent)) {
                return "supply \(supply.index): percent \(percent) out of range"
            }
            // RFC 3805: levels and capacities are Integer32 (-3...-1 are the special values).
            for value in [supply.level, supply.maxCapacity].compactMap({ $0 }) where !(-3...Int64(Int32.max)).contains(value) {
                return "supply \(supply.index): \(value) is not an Integer32"
            }
        }
        for tray in trays {
            for value in [tray.level, tray.maxCapacity].compactMap({ $0 }) where !(-3...Int64(Int32.max)).contains(value) {
                return "tray \(tray.index): \(value) is not an Integer32"
            }
        }
        return nil
    }
}

extension PageTemplate {
    /// Address ranges (with discovery) and schedules.
    static let rangePages: [PageTemplate] = []
}

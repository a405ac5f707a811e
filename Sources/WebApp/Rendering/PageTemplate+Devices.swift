extension PageTemplate {
    /// The device list and a device's page.
    static let devicePages: [PageTemplate] = []
}

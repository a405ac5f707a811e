extension PageTemplate {
    static let deviceList = PageTemplate(rawValue: "pages.devices.list")
    static let deviceShow = PageTemplate(rawValue: "pages.devices.show")

    /// The device list and a device's page.
    static let devicePages: [PageTemplate] = [.deviceList, .deviceShow]
}

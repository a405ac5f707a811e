import Foundation

/// One poll of one device: what `probe` prints, what the agent uploads and what `latest_reading`
/// holds (PRODUCT.md, "The reading"). Keys are snake_case and every field is always present: an
/// unknown value is encoded as `null`, never left out, so consumers see one shape.
public struct Reading: Codable, Sendable, Equatable {
    public var address: String
    public var sysObjectID: String?
    public var description: String?
    public var manufacturer: String?
    public var model: String?
    public var serialNumber: String?
    public var macAddress: String?
    public var location: String?
    public var firmware: String?
    public var inventoryNumber: String?
    public var status: DeviceStatus
    public var counters: Counters
    public var supplies: [Supply]
    public var alerts: [Alert]
    public var trays: [Tray]
    /// Encoded as ISO-8601 in UTC with whole seconds (`2026-11-25T10:00:00Z`).
    public var collectedAt: Date

    public init(address: String, sysObjectID: String? = nil, description: String? = nil,
                manufacturer: String? = nil, model: String? = nil, serialNumber: String? = nil,
                macAddress: String? = nil, location: String? = nil, firmware: String? = nil,
                inventoryNumber: String? = nil, status: DeviceStatus = DeviceStatus(),
                counters: Counters = Counters(), supplies: [Supply] = [], alerts: [Alert] = [],
                trays: [Tray] = [], collectedAt: Date) {
        self.address = address; self.sysObjectID = sysObjectID; self.description = description
        self.manufacturer = manufacturer; self.model = model; self.serialNumber = serialNumber
        self.macAddress = macAddress; self.location = location; self.firmware = firmware
        self.inventoryNumber = inventoryNumber; self.status = status; self.counters = counters
        self.supplies = supplies; self.alerts = alerts; self.trays = trays; self.collectedAt = collectedAt
    }

    enum CodingKeys: String, CodingKey {
        case address, description, manufacturer, model, location, firmware, status, counters, supplies
        case alerts, trays
        case sysObjectID = "sys_object_id", serialNumber = "serial_number", macAddress = "mac_address"
        case inventoryNumber = "inventory_number", collectedAt = "collected_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        address = try c.decode(String.self, forKey: .address)
        sysObjectID = try c.decodeIfPresent(String.self, forKey: .sysObjectID)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        manufacturer = try c.decodeIfPresent(String.self, forKey: .manufacturer)
        model = try c.decodeIfPresent(String.self, forKey: .model)
        serialNumber = try c.decodeIfPresent(String.self, forKey: .serialNumber)
        macAddress = try c.decodeIfPresent(String.self, forKey: .macAddress)
        location = try c.decodeIfPresent(String.self, forKey: .location)
        firmware = try c.decodeIfPresent(String.self, forKey: .firmware)
        inventoryNumber = try c.decodeIfPresent(String.self, forKey: .inventoryNumber)
        status = try c.decodeIfPresent(DeviceStatus.self, forKey: .status) ?? DeviceStatus()
        counters = try c.decodeIfPresent(Counters.self, forKey: .counters) ?? Counters()
        supplies = try c.decodeIfPresent([Supply].self, forKey: .supplies) ?? []
        alerts = try c.decodeIfPresent([Alert].self, forKey: .alerts) ?? []
        trays = try c.decodeIfPresent([Tray].self, forKey: .trays) ?? []
        let stamp = try c.decode(String.self, forKey: .collectedAt)
        guard let date = Reading.parseTimestamp(stamp) else {
            throw DecodingError.dataCorruptedError(forKey: .collectedAt, in: c, debugDescription: "not ISO-8601: \(stamp)")
        }
        collectedAt = date
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(address, forKey: .address)
        try c.encode(sysObjectID, forKey: .sysObjectID)
        try c.encode(description, forKey: .description)
        try c.encode(manufacturer, forKey: .manufacturer)
        try c.encode(model, forKey: .model)
        try c.encode(serialNumber, forKey: .serialNumber)
        try c.encode(macAddress, forKey: .macAddress)
        try c.encode(location, forKey: .location)
        try c.encode(firmware, forKey: .firmware)
        try c.encode(inventoryNumber, forKey: .inventoryNumber)
        try c.encode(status, forKey: .status)
        try c.encode(counters, forKey: .counters)
        try c.encode(supplies, forKey: .supplies)
        try c.encode(alerts, forKey: .alerts)
        try c.encode(trays, forKey: .trays)
        try c.encode(Reading.timestamp(collectedAt), forKey: .collectedAt)
    }

    /// ISO-8601 UTC text of a date, whole seconds; done here so no encoder setting is needed.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .current))
    }

    /// Parses ISO-8601 with or without fractional seconds.
    public static func parseTimestamp(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

/// hrDeviceStatus and hrPrinterStatus by name, and the decoded hrPrinterDetectedErrorState flags.
public struct DeviceStatus: Codable, Sendable, Equatable {
    public var device: String?
    public var printer: String?
    public var errors: [String]

    public init(device: String? = nil, printer: String? = nil, errors: [String] = []) {
        self.device = device; self.printer = printer; self.errors = errors
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(device, forKey: .device)
        try c.encode(printer, forKey: .printer)
        try c.encode(errors, forKey: .errors)
    }
}

/// Page counters; `total` is the lifetime count, the others exist only where a driver knows them.
public struct Counters: Codable, Sendable, Equatable {
    public var total: Int64?
    public var mono: Int64?
    public var color: Int64?
    public var print: Int64?
    public var copy: Int64?
    public var fax: Int64?
    public var scan: Int64?

    public init(total: Int64? = nil, mono: Int64? = nil, color: Int64? = nil, print: Int64? = nil,
                copy: Int64? = nil, fax: Int64? = nil, scan: Int64? = nil) {
        self.total = total; self.mono = mono; self.color = color; self.print = print
        self.copy = copy; self.fax = fax; self.scan = scan
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(total, forKey: .total)
        try c.encode(mono, forKey: .mono)
        try c.encode(color, forKey: .color)
        try c.encode(print, forKey: .print)
        try c.encode(copy, forKey: .copy)
        try c.encode(fax, forKey: .fax)
        try c.encode(scan, forKey: .scan)
    }
}

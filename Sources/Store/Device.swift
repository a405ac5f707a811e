import FleetCore
import Foundation

/// A printer on an organization's device list: what discovery found and the last reading says.
public struct Device: Sendable, Equatable {
    public let id: Int64
    public let organizationID: Int64
    public let agentID: Int64
    public let addressRangeID: Int64?
    public let address: String
    public let snmp: SNMPSettings
    public let sysObjectID: String?
    public let description: String?
    public let manufacturer: String?
    public let model: String?
    public let serialNumber: String?
    public let macAddress: String?
    public let location: String?
    public let firmware: String?
    public let inventoryNumber: String?
    public let isOnline: Bool
    public let firstSeenAt: Date
    public let lastSeenAt: Date
    public let latestReadingAt: Date?
    /// `online`, `warning`, `error` or `offline` (worked out from the latest reading at ingest).
    public let status: String
    /// The latest reading's supplies as bars (colour, percent only where true, state).
    public let supplyGauges: [SupplyGauge]
    /// The lowest true percentage among the consumables, if any has one.
    public let lowestSupplyPercent: Int?
    /// What users set on the device page: an inventory (asset) number of their own, a location note
    /// and named fields. The asset number, when set, is shown instead of the device's own.
    public let assetNumber: String?
    public let locationNote: String?
    public let customFields: [String: String]
    /// The latest reading's JSON exactly as stored (PRODUCT.md's reading object), when asked for.
    public let latestReadingJSON: String?

    /// The one place a row becomes a `Device`.
    init(row: Row) throws(StoreError) {
        id = try row.int64("id")
        organizationID = try row.int64("organization_id")
        agentID = try row.int64("agent_id")
        addressRangeID = try row.optionalInt64("address_range_id")
        address = try row.string("address")
        snmp = SNMPSettings(community: try row.string("snmp_community"), version: try row.string("snmp_version"),
                            port: try row.int("snmp_port"))
        sysObjectID = try row.optionalString("sys_object_id")
        description = try row.optionalString("description")
        manufacturer = try row.optionalString("manufacturer")
        model = try row.optionalString("model")
        serialNumber = try row.optionalString("serial_number")
        macAddress = try row.optionalString("mac_address")
        location = try row.optionalString("location")
        firmware = try row.optionalString("firmware")
        inventoryNumber = try row.optionalString("inventory_number")
        isOnline = try row.bool("is_online")
        firstSeenAt = try row.date("first_seen_at")
        lastSeenAt = try row.date("last_seen_at")
        latestReadingAt = try row.optionalDate("latest_reading_at")
        latestReadingJSON = try row.optionalString("latest_reading")
        status = try row.string("status")
        let gauges = try row.string("supply_gauges")
        supplyGauges = (try? JSONDecoder().decode([SupplyGauge].self, from: Data(gauges.utf8))) ?? []
        lowestSupplyPercent = try row.optionalInt("lowest_supply_percent")
        assetNumber = try row.optionalString("asset_number")
        locationNote = try row.optionalString("location_note")
        let fields = try row.string("custom_fields")
        customFields = (try? JSONDecoder().decode([String: String].self, from: Data(fields.utf8))) ?? [:]
    }

    static let baseColumns = """
        id, organization_id, agent_id, address_range_id, host(address) AS address, snmp_community, snmp_version, snmp_port,
        sys_object_id, description, manufacturer, model, serial_number, mac_address, location, firmware, inventory_number,
        is_online, first_seen_at, last_seen_at, latest_reading_at, status, supply_gauges::text AS supply_gauges,
        lowest_supply_percent, asset_number, location_note, custom_fields::text AS custom_fields
        """
    /// Without the reading (lists).
    static let columns: SQL = "\(raw: baseColumns), NULL::text AS latest_reading"
    /// With the latest reading (one device).
    static let columnsWithReading: SQL = "\(raw: baseColumns), latest_reading::text AS latest_reading"
}

/// One stored reading of a device.
public struct StoredReading: Sendable, Equatable {
    public let deviceID: Int64
    public let collectedAt: Date
    public let receivedAt: Date
    /// The reading object's JSON as stored.
    public let json: String

    init(row: Row) throws(StoreError) {
        deviceID = try row.int64("device_id")
        collectedAt = try row.date("collected_at")
        receivedAt = try row.date("received_at")
        json = try row.string("reading")
    }
}

/// Filters and a page of the device list.
public struct DeviceQuery: Sendable {
    /// Case-insensitive text searched in address, model, manufacturer, serial, location and description.
    public var search: String?
    public var organizationID: Int64?
    public var agentID: Int64?
    public var manufacturer: String?
    public var isOnline: Bool?
    /// Keyset pagination: devices with an id above this one.
    public var afterID: Int64?
    public var limit: Int

    public init(search: String? = nil, organizationID: Int64? = nil, agentID: Int64? = nil, manufacturer: String? = nil,
                isOnline: Bool? = nil, afterID: Int64? = nil, limit: Int = 100) {
        self.search = search
        self.organizationID = organizationID
        self.agentID = agentID
        self.manufacturer = manufacturer
        self.isOnline = isOnline
        self.afterID = afterID
        self.limit = limit
    }
}

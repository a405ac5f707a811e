import FleetCore
import Foundation
import Synchronization

/// How the device list is sorted (each ascending or descending; ties fall back to the id).
public enum DeviceSort: String, Sendable, CaseIterable {
    case status, name, address, reading, supply

    /// The ORDER BY expressions (fixed SQL, never user text).
    var expressions: [String] {
        switch self {
        case .status: ["array_position(ARRAY['online','warning','error','offline'], d.status)"]
        case .name: ["lower(coalesce(d.model, ''))", "lower(coalesce(d.manufacturer, ''))"]
        case .address: ["d.address"]
        case .reading: ["d.latest_reading_at"]
        case .supply: ["d.lowest_supply_percent"]
        }
    }
}

/// The filters, order and page of the device list. Empty texts mean "any".
public struct DeviceListQuery: Sendable, Equatable {
    public var status: String?
    public var manufacturer: String?
    public var model: String?
    public var location: String?
    public var rangeID: Int64?
    /// Searched (case-insensitively, as a substring) in model, manufacturer, serial, address, location and asset number.
    public var search: String?
    /// Only devices with a consumable at or below the organization's low-supply threshold, or reported low/empty.
    public var lowOnly: Bool
    public var sort: DeviceSort
    public var descending: Bool
    /// 1-based.
    public var page: Int
    public var pageSize: Int

    public init(status: String? = nil, manufacturer: String? = nil, model: String? = nil, location: String? = nil,
                rangeID: Int64? = nil, search: String? = nil, lowOnly: Bool = false, sort: DeviceSort = .status,
                descending: Bool = true, page: Int = 1, pageSize: Int = 50) {
        self.status = status; self.manufacturer = manufacturer; self.model = model; self.location = location
        self.rangeID = rangeID; self.search = search; self.lowOnly = lowOnly; self.sort = sort
        self.descending = descending; self.page = page; self.pageSize = pageSize
    }
}

/// One row of the device list: only what the list shows (never the reading).
public struct DeviceListRow: Sendable, Equatable {
    public let id: Int64
    public let status: String
    public let manufacturer: String?
    public let model: String?
    public let address: String
    public let location: String?
    public let serialNumber: String?
    public let assetNumber: String?
    public let latestReadingAt: Date?
    public let supplyGauges: [SupplyGauge]
}

/// A page of the device list, the number of devices matching in all, and the choices of the filters.
public struct DeviceListPage: Sendable {
    public let rows: [DeviceListRow]
    public let total: Int
    public let manufacturers: [String]
    public let models: [String]
    public let locations: [String]
    /// Address ranges within reach: id and name.
    public let ranges: [(id: Int64, name: String)]
}

/// The device list filters' choices, with when they were read.
public struct DeviceListChoices: Sendable {
    public let manufacturers: [String]
    public let models: [String]
    public let locations: [String]
    public let ranges: [(id: Int64, name: String)]
    let madeAt: Date
    /// The database they were read from: an entry whose database is gone (or another one now at the
    /// same address) is never used.
    var source = WeakDatabase()

    struct Key: Hashable { let database: ObjectIdentifier; let organizations: [Int64] }
    static let cache = Mutex<[Key: DeviceListChoices]>([:])
}

final class WeakDatabase: @unchecked Sendable {  // set once before the entry is shared, then only read
    weak var value: Database?
}

/// The fleet at a glance (the overview's cards).
public struct FleetSummary: Sendable, Equatable {
    public var devices = 0, online = 0, warning = 0, error = 0, offline = 0
    /// Devices with a consumable running low or empty.
    public var lowSupply = 0
    /// Alerts still present and not acknowledged; acknowledged ones still present are counted apart.
    public var openAlerts = 0, acknowledgedAlerts = 0
    /// Enrolled, unrevoked agents not heard from within their organization's silence limit.
    public var silentAgents = 0
    public var agents = 0, ranges = 0
    public init() {}
}

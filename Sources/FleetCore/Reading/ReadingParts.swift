/// How full a supply is, in words (PRODUCT.md): a percentage is given only when one truly exists,
/// so the state is what the UI and supply orders act on.
public enum SupplyState: String, Codable, Sendable, CaseIterable {
    case ok, low, empty, full, unknown, unrestricted
    case someRemaining = "some_remaining"
}

/// One row of prtMarkerSuppliesTable, cleaned and interpreted (see `SupplyRules`).
public struct Supply: Codable, Sendable, Equatable {
    /// The row index after the table column, e.g. "1.1".
    public var index: String
    public var description: String?
    public var type: String?
    public var color: String?
    public var supplyClass: String?
    public var unit: String?
    public var maxCapacity: Int64?
    public var level: Int64?
    public var percent: Double?
    public var state: SupplyState
    public var serialNumber: String?

    public init(index: String, description: String? = nil, type: String? = nil, color: String? = nil,
                supplyClass: String? = nil, unit: String? = nil, maxCapacity: Int64? = nil, level: Int64? = nil,
                percent: Double? = nil, state: SupplyState, serialNumber: String? = nil) {
        self.index = index; self.description = description; self.type = type; self.color = color
        self.supplyClass = supplyClass; self.unit = unit; self.maxCapacity = maxCapacity; self.level = level
        self.percent = percent; self.state = state; self.serialNumber = serialNumber
    }

    enum CodingKeys: String, CodingKey {
        case index, description, type, color, unit, level, percent, state
        case supplyClass = "class", maxCapacity = "max_capacity", serialNumber = "serial_number"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(description, forKey: .description)
        try c.encode(type, forKey: .type)
        try c.encode(color, forKey: .color)
        try c.encode(supplyClass, forKey: .supplyClass)
        try c.encode(unit, forKey: .unit)
        try c.encode(maxCapacity, forKey: .maxCapacity)
        try c.encode(level, forKey: .level)
        try c.encode(percent, forKey: .percent)
        try c.encode(state, forKey: .state)
        try c.encode(serialNumber, forKey: .serialNumber)
    }
}

/// One row of prtAlertTable with its codes named (RFC 3805 TCs); `raw_code` keeps the number so a
/// vendor code outside the RFC is never lost.
public struct Alert: Codable, Sendable, Equatable {
    public var index: String
    public var severity: String?
    public var code: String?
    public var group: String?
    public var description: String?
    public var rawCode: Int64?

    public init(index: String, severity: String? = nil, code: String? = nil, group: String? = nil,
                description: String? = nil, rawCode: Int64? = nil) {
        self.index = index; self.severity = severity; self.code = code; self.group = group
        self.description = description; self.rawCode = rawCode
    }

    enum CodingKeys: String, CodingKey {
        case index, severity, code, group, description
        case rawCode = "raw_code"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(severity, forKey: .severity)
        try c.encode(code, forKey: .code)
        try c.encode(group, forKey: .group)
        try c.encode(description, forKey: .description)
        try c.encode(rawCode, forKey: .rawCode)
    }
}

/// One input tray (prtInputTable): capacity and level keep RFC 3805's negative codes, and the state
/// says what they mean.
public struct Tray: Codable, Sendable, Equatable {
    public var index: String
    public var name: String?
    public var type: String?
    public var media: String?
    public var maxCapacity: Int64?
    public var level: Int64?
    public var state: SupplyState

    public init(index: String, name: String? = nil, type: String? = nil, media: String? = nil,
                maxCapacity: Int64? = nil, level: Int64? = nil, state: SupplyState) {
        self.index = index; self.name = name; self.type = type; self.media = media
        self.maxCapacity = maxCapacity; self.level = level; self.state = state
    }

    enum CodingKeys: String, CodingKey {
        case index, name, type, media, level, state
        case maxCapacity = "max_capacity"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(name, forKey: .name)
        try c.encode(type, forKey: .type)
        try c.encode(media, forKey: .media)
        try c.encode(maxCapacity, forKey: .maxCapacity)
        try c.encode(level, forKey: .level)
        try c.encode(state, forKey: .state)
    }
}

/// What the fleet pages show of a reading at a glance: one status word and the level of each supply.
/// Worked out once when a reading is stored, so a list of 10,000 devices never opens their readings.
public struct DeviceHealth: Sendable, Equatable {
    /// `online`, `warning` or `error` (`offline` is set when a device stops answering).
    public var status: String
    /// One entry per consumable and receptacle, in the reading's order.
    public var supplies: [SupplyGauge]
    /// The lowest true percentage of a consumable (never a guessed one); nil when none has one.
    public var lowestPercent: Int?

    /// Every status, worst last.
    public static let statuses = ["online", "warning", "error", "offline"]

    /// hrPrinterDetectedErrorState flags that stop printing (RFC 3805 / RFC 2790).
    static let stopping: Set<String> = ["no_paper", "no_toner", "door_open", "jammed", "offline", "service_requested",
                                        "input_tray_missing", "output_tray_missing", "marker_supply_missing", "output_full"]

    public init(status: String, supplies: [SupplyGauge], lowestPercent: Int?) {
        self.status = status
        self.supplies = supplies
        self.lowestPercent = lowestPercent
    }

    /// The health of `reading`: error when the device is down, a stopping flag is raised or a critical
    /// alert is open; warning for a device warning, any other flag, a low or empty consumable, a full
    /// receptacle or a warning alert; online otherwise.
    public init(_ reading: Reading) {
        var gauges: [SupplyGauge] = []
        var lowest: Int?
        var supplyTrouble = false
        for supply in reading.supplies {
            let isReceptacle = supply.supplyClass == "receptacle"
            let percent = SupplyGauge.wholePercent(supply.percent)
            gauges.append(SupplyGauge(color: supply.color, kind: supply.type, isReceptacle: isReceptacle,
                                      percent: percent, state: supply.state.rawValue))
            if !isReceptacle, let percent { lowest = min(lowest ?? percent, percent) }
            switch supply.state {
            case .low, .empty: supplyTrouble = !isReceptacle || supplyTrouble
            case .full: supplyTrouble = true
            default: break
            }
        }
        let flags = Set(reading.status.errors)
        let severities = Set(reading.alerts.compactMap(\.severity))
        let status: String
        if reading.status.device == "down" || !flags.isDisjoint(with: Self.stopping) || severities.contains("critical") {
            status = "error"
        } else if reading.status.device == "warning" || !flags.isEmpty || supplyTrouble || severities.contains("warning") {
            status = "warning"
        } else {
            status = "online"
        }
        self.init(status: status, supplies: gauges, lowestPercent: lowest)
    }
}

/// One supply's bar in a list: colour, kind, a percentage only where one truly exists, and its state.
public struct SupplyGauge: Codable, Sendable, Equatable {
    public var color: String?
    public var kind: String?
    public var isReceptacle: Bool
    public var percent: Int?
    public var state: String

    enum CodingKeys: String, CodingKey {
        case color, kind, percent, state
        case isReceptacle = "receptacle"
    }

    /// A reading's percentage as the whole number a bar shows (bounded to 0...100; nil stays nil).
    public static func wholePercent(_ percent: Double?) -> Int? {
        percent.flatMap { $0.isFinite ? Int(min(100, max(0, $0)).rounded()) : nil }
    }

    public init(color: String?, kind: String?, isReceptacle: Bool, percent: Int?, state: String) {
        self.color = color
        self.kind = kind
        self.isReceptacle = isReceptacle
        self.percent = percent
        self.state = state
    }
}

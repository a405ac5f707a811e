/// Device-family habits a driver can switch on for its supplies. Each is seen in real data and is
/// applied only where RFC 3805 semantics leave the value meaningless, so it never overrides a
/// genuine level.
public enum SupplyQuirk: String, Codable, Sendable, CaseIterable {
    /// Brother lasers report a state code 0...3 instead of a level when the maximum is unknown
    /// (0 full, 1 low, 2 empty, 3 nearly empty): turned into a state, never into a percentage.
    case brotherLevelCodes = "brother_level_codes"
    /// Ricoh reports -100 for "near end" (toner nearly empty, waste box nearly full).
    case ricohMinus100 = "ricoh_minus_100"
}

/// The honest reading of a supply level (RFC 3805 prtMarkerSuppliesLevel / MaxCapacity):
/// -1 other/unrestricted, -2 unknown, -3 some remaining, a maximum of -1/-2 makes a percentage
/// meaningless, unit 19 means the level already is a percentage, and a receptacle (waste toner)
/// counts filled space. A percentage is never invented.
public enum SupplyRules {
    /// A consumed supply at or below this percentage is `low` (and `empty` at 0).
    public static let lowPercent = 10.0
    /// A receptacle at or above this percentage is `full`: the alarm must come while there is room.
    public static let receptacleFullPercent = 90.0
    /// PrtMarkerSuppliesSupplyUnitTC percent(19).
    public static let percentUnit: Int64 = 19

    /// Percentage of capacity, one decimal, only when it truly exists.
    public static func percent(level: Int64?, maxCapacity: Int64?, unit: Int64?) -> Double? {
        guard let level, level >= 0 else { return nil }
        if unit == percentUnit, level <= 100 { return Double(level) }
        guard let maxCapacity, maxCapacity > 0 else { return nil }
        return (Double(level) * 1000 / Double(maxCapacity)).rounded() / 10
    }

    /// The state of a supply, and its percentage when one exists.
    public static func evaluate(level: Int64?, maxCapacity: Int64?, unit: Int64?, isReceptacle: Bool,
                                quirks: Set<SupplyQuirk> = []) -> (percent: Double?, state: SupplyState) {
        guard let level else { return (nil, .unknown) }
        if level == -100, quirks.contains(.ricohMinus100) { return (nil, isReceptacle ? .full : .low) }
        switch level {
        case -1: return (nil, .unrestricted)
        case -2: return (nil, .unknown)
        case -3: return (nil, .someRemaining)
        case ..<0: return (nil, .unknown)
        default: break
        }
        guard let percent = percent(level: level, maxCapacity: maxCapacity, unit: unit) else {
            return (nil, stateWithoutMaximum(level: level, isReceptacle: isReceptacle, quirks: quirks))
        }
        if isReceptacle { return (percent, percent >= receptacleFullPercent ? .full : .ok) }
        if percent <= 0 { return (percent, .empty) }
        return (percent, percent <= lowPercent ? .low : .ok)
    }

    /// A non-negative level with no usable maximum: only zero (nothing left) or a vendor code says
    /// anything; everything else stays unknown.
    private static func stateWithoutMaximum(level: Int64, isReceptacle: Bool, quirks: Set<SupplyQuirk>) -> SupplyState {
        if quirks.contains(.brotherLevelCodes), !isReceptacle, (0...3).contains(level) {
            return [.ok, .low, .empty, .low][Int(level)]
        }
        if level == 0 { return isReceptacle ? .ok : .empty }
        return .unknown
    }

    /// The state of an input tray from prtInputCurrentLevel / MaxCapacity (same negative codes).
    public static func trayState(level: Int64?, maxCapacity: Int64?) -> SupplyState {
        evaluate(level: level, maxCapacity: maxCapacity, unit: nil, isReceptacle: false).state
    }

    /// Whether a supply collects waste: class receptacleThatIsFilled(4), or, when the class is not
    /// reported, a waste type. A class of supplyThatIsConsumed(3) is believed as given.
    public static func isReceptacle(supplyClass: Int64?, type: Int64?) -> Bool {
        if let supplyClass, supplyClass == 3 || supplyClass == 4 { return supplyClass == 4 }
        return type.map { PrinterEnums.receptacleTypes.contains($0) } ?? false
    }
}

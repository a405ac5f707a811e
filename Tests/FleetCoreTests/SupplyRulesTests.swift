import Testing
@testable import FleetCore

/// Every rule of honest supply states (PRODUCT.md, RFC 3805), one row each.
@Suite struct SupplyRulesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let level: Int64?, max: Int64?, unit: Int64?, receptacle: Bool
        let quirks: Set<SupplyQuirk>
        let percent: Double?, state: SupplyState
        var testDescription: String { name }
        init(_ name: String, level: Int64?, max: Int64?, unit: Int64? = nil, receptacle: Bool = false,
             quirks: Set<SupplyQuirk> = [], percent: Double?, state: SupplyState) {
            self.name = name; self.level = level; self.max = max; self.unit = unit; self.receptacle = receptacle
            self.quirks = quirks; self.percent = percent; self.state = state
        }
    }

    static let cases: [Case] = [
        Case("-1 is unrestricted", level: -1, max: 100, percent: nil, state: .unrestricted),
        Case("-2 is unknown", level: -2, max: 100, percent: nil, state: .unknown),
        Case("-3 is some remaining, never 50 %", level: -3, max: 100, percent: nil, state: .someRemaining),
        Case("-3 with unknown max", level: -3, max: -2, percent: nil, state: .someRemaining),
        Case("other negative level is unknown", level: -7, max: 100, percent: nil, state: .unknown),
        Case("absent level is unknown", level: nil, max: 100, percent: nil, state: .unknown),
        Case("max -1 gives no percent", level: 40, max: -1, percent: nil, state: .unknown),
        Case("max -2 gives no percent", level: 40, max: -2, percent: nil, state: .unknown),
        Case("max 0 gives no percent", level: 40, max: 0, percent: nil, state: .unknown),
        Case("zero left without max is empty", level: 0, max: -2, percent: nil, state: .empty),
        Case("unit 19 is already percent", level: 37, max: -2, unit: 19, percent: 37, state: .ok),
        Case("unit 19 with max 100", level: 92, max: 100, unit: 19, percent: 92, state: .ok),
        Case("ratio rounded to one decimal", level: 11501, max: 12000, percent: 95.8, state: .ok),
        Case("low at 10 %", level: 10, max: 100, percent: 10, state: .low),
        Case("ok above 10 %", level: 11, max: 100, percent: 11, state: .ok),
        Case("low at 1 %", level: 1, max: 100, percent: 1, state: .low),
        Case("empty at 0", level: 0, max: 100, percent: 0, state: .empty),
        Case("receptacle full at max", level: 100, max: 100, receptacle: true, percent: 100, state: .full),
        Case("receptacle full near max", level: 90, max: 100, receptacle: true, percent: 90, state: .full),
        Case("receptacle nearly empty is ok, never low", level: 5, max: 100, receptacle: true, percent: 5, state: .ok),
        Case("receptacle empty is ok", level: 0, max: 100, receptacle: true, percent: 0, state: .ok),
        Case("receptacle -3", level: -3, max: -2, receptacle: true, percent: nil, state: .someRemaining),
        Case("receptacle level without max", level: 100, max: -2, receptacle: true, percent: nil, state: .unknown),
        Case("Brother code 0 is full", level: 0, max: -2, quirks: [.brotherLevelCodes], percent: nil, state: .ok),
        Case("Brother code 1 is low", level: 1, max: -2, quirks: [.brotherLevelCodes], percent: nil, state: .low),
        Case("Brother code 2 is empty", level: 2, max: -2, quirks: [.brotherLevelCodes], percent: nil, state: .empty),
        Case("Brother code 3 is nearly empty", level: 3, max: -2, quirks: [.brotherLevelCodes], percent: nil, state: .low),
        Case("Brother real level untouched", level: 2, max: 12000, quirks: [.brotherLevelCodes], percent: 0, state: .empty),
        Case("Brother codes need the quirk", level: 1, max: -2, percent: nil, state: .unknown),
        Case("Ricoh -100 is near end", level: -100, max: 100, quirks: [.ricohMinus100], percent: nil, state: .low),
        Case("Ricoh -100 on waste is full", level: -100, max: 100, receptacle: true, quirks: [.ricohMinus100],
             percent: nil, state: .full),
        Case("-100 without the quirk is unknown", level: -100, max: 100, percent: nil, state: .unknown),
    ]

    @Test(arguments: cases)
    func rule(_ c: Case) {
        let result = SupplyRules.evaluate(level: c.level, maxCapacity: c.max, unit: c.unit, isReceptacle: c.receptacle,
                                          quirks: c.quirks)
        #expect(result.percent == c.percent)
        #expect(result.state == c.state)
    }

    @Test func receptacleDetection() {
        #expect(SupplyRules.isReceptacle(supplyClass: 4, type: 3))
        #expect(!SupplyRules.isReceptacle(supplyClass: 3, type: 4))
        #expect(SupplyRules.isReceptacle(supplyClass: nil, type: 4))
        #expect(SupplyRules.isReceptacle(supplyClass: 1, type: 8))
        #expect(!SupplyRules.isReceptacle(supplyClass: nil, type: 3))
    }

    @Test func trayStates() {
        #expect(SupplyRules.trayState(level: -3, maxCapacity: 250) == .someRemaining)
        #expect(SupplyRules.trayState(level: 0, maxCapacity: 250) == .empty)
        #expect(SupplyRules.trayState(level: 200, maxCapacity: 500) == .ok)
        #expect(SupplyRules.trayState(level: -2, maxCapacity: -2) == .unknown)
    }
}

import FleetCore
import SNMP
import Testing
@testable import Agent

/// The v2c full read's planning rules, on synthetic answers (OIDs as RFC 2790/3805 define them, values
/// made up): what each rule leaves to ask. The end-to-end effect on real recordings is in ProbeTests
/// (every fact of EXPECTED.json, and v1 walks giving the same reading) and in bench-snmp's bytes.
@Suite struct BulkPlanTests {
    static let hrDeviceEntry: OID = "1.3.6.1.2.1.25.3.2.1"
    static let printerType = SNMPValue.objectIdentifier(StandardOIDs.hrDevicePrinter)
    static let diskType = SNMPValue.objectIdentifier("1.3.6.1.2.1.25.3.1.6")

    /// A coverage of hrDeviceTable type/descr/status after a cursor from the type column's start
    /// returned `rows` (index, type); the view holds them.
    static func deviceTable(_ rows: [(UInt32, SNMPValue)]) -> (BulkCoverage, MIBView) {
        var coverage = BulkCoverage(columns: [StandardOIDs.hrDeviceType, StandardOIDs.hrDeviceDescr, StandardOIDs.hrDeviceStatus])
        var view = MIBView()
        let binds = rows.map { SNMPVarBind(StandardOIDs.hrDeviceType.appending($0.0), $0.1) }
        for kept in coverage.record(from: StandardOIDs.hrDeviceType, binds[...]) { view.set(kept.oid, kept.value) }
        return (coverage, view)
    }

    static func openGaps(_ coverage: BulkCoverage) -> [String] {
        coverage.gaps { _ in nil }.map { "\($0.after)..\($0.upTo)" }
    }

    @Test func onlyThePrinterRowOfHrDeviceIsAsked() {
        var (coverage, view) = Self.deviceTable([(1, Self.diskType), (2, Self.diskType), (3, Self.printerType), (4, Self.diskType)])
        #expect(Poller.narrowDeviceRows(&coverage, view: view))
        // The type column is done; descr and status are asked for row 3 alone, each from row 2.
        #expect(Self.openGaps(coverage) == ["\(StandardOIDs.hrDeviceDescr.appending(2))..\(StandardOIDs.hrDeviceDescr.appending(3))",
                                            "\(StandardOIDs.hrDeviceStatus.appending(2))..\(StandardOIDs.hrDeviceStatus.appending(3))"])
        view.set(StandardOIDs.hrDeviceDescr.appending(3), .octetString(Array("Synthetic Printer".utf8)))
        #expect(DeviceIdentity.standardModel(view) == "Synthetic Printer")
    }

    @Test func aFirstPrinterRowAsksFromTheColumnStart() {
        var (coverage, view) = Self.deviceTable([(1, Self.printerType), (2, Self.diskType)])
        #expect(Poller.narrowDeviceRows(&coverage, view: view))
        #expect(Self.openGaps(coverage) == ["\(StandardOIDs.hrDeviceDescr)..\(StandardOIDs.hrDeviceDescr.appending(1))",
                                            "\(StandardOIDs.hrDeviceStatus)..\(StandardOIDs.hrDeviceStatus.appending(1))"])
    }

    @Test func noNarrowingWithoutTheRowsBeforeThePrinter() {
        // A cursor that started at row 2: row 1 is unknown and might be the first printer.
        var coverage = BulkCoverage(columns: [StandardOIDs.hrDeviceType, StandardOIDs.hrDeviceDescr])
        var view = MIBView()
        let binds = [SNMPVarBind(StandardOIDs.hrDeviceType.appending(3), Self.printerType)]
        for kept in coverage.record(from: StandardOIDs.hrDeviceType.appending(2), binds[...]) { view.set(kept.oid, kept.value) }
        let before = Self.openGaps(coverage)
        #expect(!Poller.narrowDeviceRows(&coverage, view: view))
        #expect(Self.openGaps(coverage) == before)
        // No printer row at all: nothing to narrow either.
        var (other, disks) = Self.deviceTable([(1, Self.diskType)])
        #expect(!Poller.narrowDeviceRows(&other, view: disks))
    }

    @Test func theColorantIndexIsDroppedOnlyWithoutAColorantTable() {
        let supplies = (3...9).map { StandardOIDs.prtMarkerSuppliesEntry.appending(UInt32($0)) }
        let vendorString: OID = "1.3.6.1.4.1.11.2.3.9.1.1.7.0"
        var absent = BulkCoverage(columns: supplies + [StandardOIDs.prtMarkerColorantValue])
        _ = absent.record(from: StandardOIDs.prtMarkerColorantValue, [SNMPVarBind(vendorString, .octetString([0x41]))][...])
        #expect(Poller.dropColorantIndex(&absent, view: MIBView()))
        #expect(!absent.runs.contains { $0.entry == StandardOIDs.prtMarkerSuppliesEntry && $0.first <= 3 })

        var present = BulkCoverage(columns: supplies + [StandardOIDs.prtMarkerColorantValue])
        var view = MIBView()
        let cyan = SNMPVarBind(StandardOIDs.prtMarkerColorantValue.appending(1, 1), .octetString(Array("cyan".utf8)))
        for kept in present.record(from: StandardOIDs.prtMarkerColorantValue, [cyan][...]) { view.set(kept.oid, kept.value) }
        #expect(!Poller.dropColorantIndex(&present, view: view))
        #expect(present.runs.contains { $0.entry == StandardOIDs.prtMarkerSuppliesEntry && $0.first == 3 })
        // Not probed yet: unknown, kept.
        var unknown = BulkCoverage(columns: supplies + [StandardOIDs.prtMarkerColorantValue])
        #expect(!Poller.dropColorantIndex(&unknown, view: MIBView()))
    }

    @Test func oneObjectPerVendorIsAskedFirst() {
        let serial: OID = "1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0"
        let firmware: OID = "1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.5.0"
        let total: OID = "1.3.6.1.4.1.11.2.3.9.4.2.1.4.1.2.5.0"
        let other: OID = "1.3.6.1.4.1.1347.43.10.1.1.12.1.1"
        var probed = Set<OID>()
        let first = Poller.sentinels([total, firmware, StandardOIDs.sysLocation, serial, other], probed: &probed)
        #expect(first.now == [StandardOIDs.sysLocation, serial, other])
        #expect(first.later == [total, firmware])
        // The next round asks the rest of a vendor already sampled, all at once.
        let second = Poller.sentinels(first.later, probed: &probed)
        #expect(second.now == [total, firmware])
        #expect(second.later.isEmpty)
    }

    @Test func anOvershootSettlesTheScalarsItPassed() {
        let counter: OID = "1.3.6.1.4.1.2385.1.1.19.2.1.3.1.4.60"
        let skipped: OID = "1.3.6.1.4.1.2385.1.1.19.2.1.3.1.4.59"
        let beyond: OID = "1.3.6.1.4.1.2385.1.1.19.2.1.3.5.4.61"
        var coverage = BulkCoverage(columns: [StandardOIDs.prtMarkerColorantValue])
        let answer = [SNMPVarBind(counter, .counter32(82_214))]
        _ = coverage.record(from: StandardOIDs.prtMarkerColorantValue, answer[...])
        let settled = Poller.settled([counter, skipped, beyond], coverage: coverage, seen: [counter: .counter32(82_214)])
        #expect(settled[counter] == .some(.counter32(82_214)))
        #expect(settled[skipped] == .some(nil))      // between the probe and its answer: absent
        #expect(settled[beyond] == nil)              // not known: still to ask
    }

    /// Only endOfMibView ends the MIB: a noSuchObject inside a GetBulk answer (no agent should send
    /// one) gives up the rest of that cursor's run, and settles no vendor object beyond it.
    @Test func anExceptionOtherThanTheEndClosesOnlyItsRun() {
        let vendor: OID = "1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0"
        var coverage = BulkCoverage(columns: [StandardOIDs.prtMarkerColorantValue])
        _ = coverage.record(from: StandardOIDs.prtMarkerColorantValue,
                            [SNMPVarBind(StandardOIDs.prtMarkerColorantValue.appending(1, 1), .noSuchObject)][...])
        #expect(coverage.gaps { _ in nil }.isEmpty)
        #expect(Poller.settled([vendor], coverage: coverage, seen: [:]).isEmpty)
        var ended = BulkCoverage(columns: [StandardOIDs.prtMarkerColorantValue])
        _ = ended.record(from: StandardOIDs.prtMarkerColorantValue,
                         [SNMPVarBind(StandardOIDs.prtMarkerColorantValue, .endOfMibView)][...])
        let settled = Poller.settled([vendor], coverage: ended, seen: [:])
        #expect(settled.count == 1 && settled[vendor] == .some(nil))
    }

    /// Over SNMPv1 a lead column still going is asked several rows at once, from the row indices after
    /// the last one seen; from the column's start (no row seen) there is nothing to count on.
    @Test func v1AsksTheNextRowsOfALeadColumnAtOnce() {
        let type = StandardOIDs.prtMarkerSuppliesType
        var coverage = BulkCoverage(columns: [type, StandardOIDs.prtMarkerSuppliesDescription])
        var view = MIBView()
        let rows = (1...3).map { SNMPVarBind(type.appending(1, UInt32($0)), .integer(3)) }
        for kept in coverage.record(from: type, rows[...]) { view.set(kept.oid, kept.value) }
        let gap = try? #require(coverage.gaps { _ in nil }.first)
        let ahead = gap.flatMap { Poller.rowsAhead($0, view: view) } ?? []
        #expect(ahead.first == type.appending(1, 4))
        #expect(ahead == ahead.indices.map { type.appending(1, UInt32(4 + $0)) })
        #expect((1...16).contains(ahead.count))
        let fresh = BulkCoverage(columns: [type])
        #expect(fresh.gaps { _ in nil }.first.flatMap { Poller.rowsAhead($0, view: MIBView()) } == nil)
    }

    @Test func aLongStretchEndsInNonRepeatersRatherThanAskingPastItsEnd() {
        // 19 known instances at max-repetitions 8: two full cursors, the last three as GetNexts.
        let level = StandardOIDs.prtMarkerSuppliesLevel
        let cuts = (1...19).map { level.appending(1, UInt32($0)) }
        let layout = Poller.layout(Poller.BulkSpan(start: level, length: 19, cuts: cuts, close: nil), 8)
        #expect(layout.cursors == [level, cuts[7]])
        #expect(layout.singles == [cuts[15], cuts[16], cuts[17]])
    }

    @Test func shortExactStretchesRideAsNonRepeatersBesideALongCursor() {
        let phys = StandardOIDs.ifPhysAddress
        let spans = [
            Poller.BulkSpan(start: phys, length: 2, cuts: [phys.appending(1), phys.appending(2)], close: nil),
            Poller.BulkSpan(start: StandardOIDs.hrDeviceStatus, length: 1, cuts: [StandardOIDs.hrDeviceStatus.appending(1)], close: nil),
            Poller.BulkSpan(start: StandardOIDs.prtMarkerSuppliesEntry.appending(4), length: 18, cuts: nil, close: nil),
        ]
        let requests = Poller.group(spans)
        #expect(requests.count == 1)
        #expect(Set(requests.first?.singles ?? []) == [phys, phys.appending(1), StandardOIDs.hrDeviceStatus])
        #expect(requests.first?.starts == [StandardOIDs.prtMarkerSuppliesEntry.appending(4)])
        #expect(requests.first?.repetitions == 18)
    }
}

import Foundation
import Testing
@testable import FleetCore

/// The hand-written recording (marked synthetic) for what no real recording has: alerts, colorants,
/// classes, units and error flags.
@Suite struct SyntheticReadingTests {
    static func reading() throws -> Reading {
        let view = try Fixtures.syntheticView("printer_synthetic_alerts")
        let driver = DriverSet.builtin.driver(forSysObjectID: "1.3.6.1.4.1.99999.1", description: nil)
        #expect(driver.id == "generic")
        return ReadingBuilder.build(view: view, driver: driver, address: "192.0.2.99",
                                    collectedAt: Date(timeIntervalSince1970: 1_795_600_800))
    }

    @Test func alertsAreNamed() throws {
        let alerts = try Self.reading().alerts
        #expect(alerts == [
            Alert(index: "1.4", severity: "warning", code: "toner_almost_empty", group: "marker_supplies",
                  description: "Cyan toner low", rawCode: 1104),
            Alert(index: "1.5", severity: "critical", code: "door_open", group: "general_printer",
                  description: "Front door open", rawCode: 501),
            Alert(index: "1.6", severity: "other", code: "other", group: "other",
                  description: "Vendor specific", rawCode: 40000),
        ])
    }

    @Test func identityAndStatus() throws {
        let reading = try Self.reading()
        #expect(reading.serialNumber == "SYN0001")
        #expect(reading.model == "Synthetic Printer 1000")
        #expect(reading.macAddress == "00:AA:BB:CC:DD:EE")
        #expect(reading.location == "Floor 2, copy room")
        #expect(reading.manufacturer == nil)
        #expect(reading.status == DeviceStatus(device: "warning", printer: "idle", errors: ["low_paper", "door_open"]))
        #expect(reading.counters == Counters(total: 1234))
        #expect(reading.trays == [Tray(index: "1.1", name: "Tray 1", type: "sheet_feed_auto_non_removable_tray",
                                       media: "A4 plain", maxCapacity: 500, level: 0, state: .empty)])
    }

    /// The MAC is the lowest interface that is Ethernet (ifType 6, or a type RFC 3635 folded into it,
    /// like iso88023Csmacd 7) and up, ahead of a wireless interface listed first (synthetic rows).
    @Test func macPrefersAnEthernetFamilyInterfaceThatIsUp() {
        func view(_ rows: [(UInt32, Int64, [UInt8], Int64)]) -> MIBView {
            var view = MIBView()
            for (index, type, mac, status) in rows {
                view.set(StandardOIDs.ifType.appending(index), .integer(type))
                view.set(StandardOIDs.ifPhysAddress.appending(index), .octetString(mac))
                view.set(StandardOIDs.ifOperStatus.appending(index), .integer(status))
            }
            return view
        }
        let wifi: [UInt8] = [0x02, 0, 0, 0, 0, 0x71], legacy: [UInt8] = [0x02, 0, 0, 0, 0, 0x07]
        let modern: [UInt8] = [0x02, 0, 0, 0, 0, 0x06]
        #expect(DeviceIdentity.macAddress(view([(1, 71, wifi, 1), (2, 7, legacy, 1), (3, 6, modern, 1)])) == "02:00:00:00:00:07")
        #expect(DeviceIdentity.macAddress(view([(1, 7, legacy, 2), (2, 6, modern, 1)])) == "02:00:00:00:00:06")
        #expect(DeviceIdentity.macAddress(view([(1, 71, wifi, 1), (2, 117, modern, 2)])) == "02:00:00:00:00:06")
        #expect(DeviceIdentity.macAddress(view([(1, 24, [], 1), (2, 71, wifi, 1)])) == "02:00:00:00:00:71")
    }

    @Test func suppliesUseClassUnitAndColorants() throws {
        let supplies = try Self.reading().supplies
        #expect(supplies == [
            Supply(index: "1.1", description: "Toner A", type: "toner", color: "cyan", supplyClass: "consumed",
                   unit: "percent", maxCapacity: 100, level: 8, percent: 8, state: .low),
            Supply(index: "1.2", description: "Waste Toner Box", type: "waste_toner", color: nil,
                   supplyClass: "receptacle", unit: "percent", maxCapacity: 100, level: 95, percent: 95, state: .full),
            Supply(index: "1.3", description: "Black Toner", type: "toner", color: "black", supplyClass: "consumed",
                   unit: "impressions", maxCapacity: 1000, level: 0, percent: 0, state: .empty),
            Supply(index: "1.4", description: "Staples", type: "staples", supplyClass: "consumed", unit: "items",
                   maxCapacity: -1, level: -1, percent: nil, state: .unrestricted),
            Supply(index: "1.5", description: "Fuser", type: "fuser", supplyClass: "consumed", unit: "impressions",
                   maxCapacity: -2, level: -2, percent: nil, state: .unknown),
        ])
    }
}

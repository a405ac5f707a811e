import Foundation
import Testing
@testable import FleetCore

/// Every fact EXPECTED.json lists for every recorded device, one case per device.
@Suite struct ExpectedDevicesTests {
    /// The driver each recording must select.
    static let drivers: [String: String] = [
        "aix_net-snmp": "generic", "brother": "brother", "canonprinter_lbp": "canon", "dell-laser_s5830dn": "dell",
        "epson": "epson", "fujifilmprinter_c7580": "fujifilm", "jetdirect_m130nw": "hp", "jetdirect_m252dw": "hp",
        "jetdirect_m880": "hp", "konica_2": "konica-minolta", "konica_c250i": "konica-minolta", "kyocera": "kyocera",
        "okilan_9450g": "oki", "ricoh_mpc3002": "ricoh", "sharp": "sharp", "utax": "utax", "xerox": "xerox",
    ]

    @Test func deviceListMatchesExpectedFile() throws {
        let devices = try #require(try Fixtures.expected()["devices"] as? [String: Any])
        #expect(Set(devices.keys) == Set(Fixtures.devices))
    }

    @Test(arguments: Fixtures.devices)
    func identity(_ name: String) throws {
        let expected = try Fixtures.expectedDevice(name)
        let (reading, driver) = try Fixtures.reading(name)
        #expect(driver.id == Self.drivers[name])
        let system = try #require(expected["system"] as? [String: Any])
        #expect(reading.sysObjectID == system["sysObjectID"] as? String)
        #expect(reading.description == system["sysDescr"] as? String)
        #expect(reading.serialNumber == expected["serial"] as? String)
        #expect(reading.model == expected["model"] as? String)
        #expect(reading.macAddress == expected["mac"] as? String)
        #expect(reading.counters.total == int((expected["counters"] as? [String: Any])?["total_page_count"]))
        let firmware = (expected["firmware_candidates"] as? [String: String])?.values.first
        #expect(reading.firmware == firmware)
        #expect(reading.alerts.isEmpty)
    }

    @Test(arguments: Fixtures.devices)
    func category(_ name: String) throws {
        let expected = try Fixtures.expectedDevice(name)
        let view = try Fixtures.view(name)
        let isPrinter = expected["category"] as? String == "printer"
        #expect(PrinterDetection.isPrinter(view) == isPrinter)
        // What the scan itself sees: GetNext answers to the discovery OIDs only.
        let all = view.subtree(OID([1]))
        var answers = MIBView()
        for prefix in PrinterDetection.discoveryOIDs {
            if let next = all.first(where: { $0.oid > prefix }) { answers.set(next.oid, next.value) }
        }
        answers.sort()
        #expect(PrinterDetection.isPrinter(answers) == isPrinter)
        let discovery = try #require(expected["discovery"] as? [String: Any])
        #expect(all.first(where: { $0.oid > StandardOIDs.printerMIB })?.oid.description
                == discovery["getnext_from_1.3.6.1.2.1.43"] as? String)
    }

    @Test(arguments: Fixtures.devices)
    func status(_ name: String) throws {
        let expected = try Fixtures.expectedDevice(name)
        let (reading, _) = try Fixtures.reading(name)
        let status = expected["status"] as? [String: Any]
        #expect(reading.status.device == status?["hrDeviceStatus_name"] as? String)
        #expect(reading.status.printer == status?["hrPrinterStatus_name"] as? String)
        let flags = (status?["error_flags"] as? [String] ?? []).map(Fixtures.snake)
        #expect(reading.status.errors == flags)
    }

    @Test(arguments: Fixtures.devices)
    func supplies(_ name: String) throws {
        let expected = try #require(try Fixtures.expectedDevice(name)["supplies"] as? [[String: Any]])
        let (reading, _) = try Fixtures.reading(name)
        try #require(reading.supplies.count == expected.count)
        let classes = ["other": "other", "supplyThatIsConsumed": "consumed", "receptacleThatIsFilled": "receptacle"]
        for (supply, want) in zip(reading.supplies, expected) {
            #expect(supply.index == want["index"] as? String)
            let description = (want["description_repaired"] as? String) ?? (want["description"] as? String)
            #expect(supply.description == description?.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(supply.type == (want["type_name"] as? String).map(Fixtures.snake))
            #expect(supply.supplyClass == (want["class_name"] as? String).flatMap { classes[$0] })
            #expect(supply.unit == (want["unit_name"] as? String).map(Fixtures.snake))
            #expect(supply.maxCapacity == int(want["max_capacity"]))
            #expect(supply.level == int(want["level"]))
            #expect(supply.percent == double(want["percent"]))
            #expect(supply.state == Self.state(want, isReceptacle: SupplyRules.isReceptacle(
                supplyClass: int(want["class"]), type: int(want["type"]))), "\(name) \(supply.index)")
            #expect(supply.serialNumber == want["serial_in_description"] as? String)
        }
    }

    /// The state EXPECTED's level_state and percent imply under our documented thresholds.
    static func state(_ want: [String: Any], isReceptacle: Bool) -> SupplyState {
        switch want["level_state"] as? String {
        case "some_remaining": return .someRemaining
        case "other": return .unrestricted
        case "unknown", "level_without_max": return .unknown
        default:
            guard let percent = double(want["percent"]) else { return .unknown }
            if isReceptacle { return percent >= 90 ? .full : .ok }
            return percent == 0 ? .empty : percent <= 10 ? .low : .ok
        }
    }

    @Test(arguments: Fixtures.devices)
    func trays(_ name: String) throws {
        let expected = try #require(try Fixtures.expectedDevice(name)["input_trays"] as? [[String: Any]])
        let (reading, _) = try Fixtures.reading(name)
        // EXPECTED lists named trays only; rows without prtInputName (fujifilm, konica_c250i) are
        // still reported by us, with their capacity and level, and no name.
        #expect(reading.trays.filter { $0.name != nil }.count == expected.count)
        for want in expected {
            let tray = try #require(reading.trays.first { $0.index == want["index"] as? String })
            #expect(tray.name == want["name"] as? String)
            #expect(tray.maxCapacity == int(want["max_capacity"]))
            #expect(tray.level == int(want["current_level"]))
        }
    }

    @Test(arguments: Fixtures.devices)
    func discoveredPrinter(_ name: String) throws {
        let expected = try Fixtures.expectedDevice(name)
        let found = DiscoveredPrinter(address: "192.0.2.7", view: try Fixtures.view(name))
        #expect(found.serialNumber == expected["serial"] as? String)
        #expect(found.model == expected["model"] as? String)
        #expect(found.macAddress == expected["mac"] as? String)
    }
}

import Foundation
import Testing
@testable import FleetCore

/// The reading's JSON is PRODUCT.md's shape: snake_case keys, nulls present, ISO-8601 UTC time.
@Suite struct ReadingJSONTests {
    /// PRODUCT.md's example reading, plus the `trays` list the reading also carries.
    static let productExample = """
    {
      "address": "192.0.2.10", "sys_object_id": "1.3.6.1.4.1.2385.3.1.112.1.2", "description": "SHARP MX-3570N",
      "manufacturer": "Sharp", "model": "MX-3570N", "serial_number": "6509415X00", "mac_address": "24:31:84:C8:46:6A",
      "location": null, "firmware": null, "inventory_number": null,
      "status": {"device": "warning", "printer": "idle", "errors": ["low_toner"]},
      "counters": {"total": 121104, "mono": null, "color": null, "print": null, "copy": null, "fax": null, "scan": null},
      "supplies": [{"index": "1.1", "description": "Cyan Toner", "type": "toner", "color": "cyan",
                    "class": "consumed", "unit": "percent", "max_capacity": 100, "level": 55,
                    "percent": 55.0, "state": "ok", "serial_number": null}],
      "alerts": [{"index": "1.4", "severity": "warning", "code": "toner_almost_empty", "group": "marker_supplies",
                  "description": "Cyan toner low", "raw_code": 1104}],
      "trays": [],
      "collected_at": "2026-11-25T10:00:00Z"
    }
    """

    static let example = Reading(
        address: "192.0.2.10", sysObjectID: "1.3.6.1.4.1.2385.3.1.112.1.2", description: "SHARP MX-3570N",
        manufacturer: "Sharp", model: "MX-3570N", serialNumber: "6509415X00", macAddress: "24:31:84:C8:46:6A",
        status: DeviceStatus(device: "warning", printer: "idle", errors: ["low_toner"]),
        counters: Counters(total: 121104),
        supplies: [Supply(index: "1.1", description: "Cyan Toner", type: "toner", color: "cyan", supplyClass: "consumed",
                          unit: "percent", maxCapacity: 100, level: 55, percent: 55, state: .ok)],
        alerts: [Alert(index: "1.4", severity: "warning", code: "toner_almost_empty", group: "marker_supplies",
                       description: "Cyan toner low", rawCode: 1104)],
        collectedAt: Date(timeIntervalSince1970: 1_795_600_800))

    static func object(_ data: Data) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    @Test func encodesExactlyTheProductExample() throws {
        let ours = try Self.object(JSONEncoder().encode(Self.example))
        let theirs = try Self.object(Data(Self.productExample.utf8))
        #expect(ours == theirs)
    }

    @Test func decodesTheProductExample() throws {
        let decoded = try JSONDecoder().decode(Reading.self, from: Data(Self.productExample.utf8))
        #expect(decoded == Self.example)
    }

    @Test func roundTripsEveryRecording() throws {
        for name in Fixtures.devices {
            let (reading, _) = try Fixtures.reading(name)
            let data = try JSONEncoder().encode(reading)
            #expect(try JSONDecoder().decode(Reading.self, from: data) == reading, "\(name)")
            let object = try Self.object(data)
            #expect(Set(object.allKeys.compactMap { $0 as? String }) == Set(try Self.object(Data(Self.productExample.utf8))
                .allKeys.compactMap { $0 as? String }))
            #expect(object["inventory_number"] is NSNull)
        }
    }

    @Test func supplyKeysAreAlwaysPresent() throws {
        let supply = Supply(index: "1.2", state: .someRemaining)
        let object = try Self.object(JSONEncoder().encode(supply))
        #expect(object.count == 11)
        #expect(object["percent"] is NSNull)
        #expect(object["state"] as? String == "some_remaining")
        let tray = try Self.object(JSONEncoder().encode(Tray(index: "1.1", state: .unknown)))
        #expect(Set(tray.allKeys.compactMap { $0 as? String }) == ["index", "name", "type", "media", "max_capacity", "level", "state"])
    }

    @Test func discoveredPrinterJSON() throws {
        let found = DiscoveredPrinter(address: "192.0.2.5", sysObjectID: "1.3.6.1.4.1.11.2.3.9.1")
        let object = try Self.object(JSONEncoder().encode(found))
        #expect(Set(object.allKeys.compactMap { $0 as? String })
                == ["address", "sys_object_id", "description", "model", "serial_number", "mac_address"])
        #expect(object["model"] is NSNull)
    }

    @Test func timestampsAreUTC() {
        #expect(Reading.timestamp(Date(timeIntervalSince1970: 1_795_600_800)) == "2026-11-25T10:00:00Z")
        #expect(Reading.parseTimestamp("2026-11-25T10:00:00.250Z") != nil)
        #expect(Reading.parseTimestamp("yesterday") == nil)
    }

    @Test func privateCountersFromRecordings() throws {
        let sharp = try Fixtures.reading("sharp").0.counters
        #expect(sharp == Counters(total: 121104, mono: 91164, color: 29940, print: 82214, copy: 38804, scan: 13534))
        #expect(sharp.mono! + sharp.color! == sharp.total!)
        let hp = try Fixtures.reading("jetdirect_m130nw").0.counters
        #expect(hp == Counters(total: 15232, mono: 15232))
        let konica = try Fixtures.reading("konica_c250i").0.counters
        #expect(konica.total == 33810)
        #expect(konica.mono! + konica.color! == konica.copy! + konica.print!)
    }
}

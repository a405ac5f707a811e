import Foundation
@testable import FleetCore

/// Access to the recordings under Fixtures/ (copied from the shared set with its licence note).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let recordings = directory.appendingPathComponent("snmprec")
    /// The repository's Drivers/ folder, which must equal the compiled-in set.
    static let driversDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Drivers")

    /// Every recorded device of EXPECTED.json (a test checks this list against the file).
    static let devices = [
        "aix_net-snmp", "brother", "canonprinter_lbp", "dell-laser_s5830dn", "epson", "fujifilmprinter_c7580",
        "jetdirect_m130nw", "jetdirect_m252dw", "jetdirect_m880", "konica_2", "konica_c250i", "kyocera",
        "okilan_9450g", "ricoh_mpc3002", "sharp", "utax", "xerox",
    ]

    /// A recording as a view; its one known damaged line (okilan_9450g) is skipped, nothing else.
    static func view(_ name: String) throws -> MIBView {
        let text = try String(contentsOf: recordings.appendingPathComponent("\(name).snmprec"), encoding: .utf8)
        let (view, errors) = SNMPRecording.parseLenient(text)
        if name == "okilan_9450g", errors.map(\.line) == [23] { return view }
        if let first = errors.first { throw first }
        return view
    }

    static func syntheticView(_ name: String) throws -> MIBView {
        try SNMPRecording.parse(String(contentsOf: directory.appendingPathComponent("synthetic/\(name).snmprec"), encoding: .utf8))
    }

    /// EXPECTED.json as plain JSON objects.
    static func expected() throws -> [String: Any] {
        let data = try Data(contentsOf: recordings.appendingPathComponent("EXPECTED.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    static func expectedDevice(_ name: String) throws -> [String: Any] {
        (try expected()["devices"] as? [String: Any])?[name] as? [String: Any] ?? [:]
    }

    /// The reading the agent would produce from a recording, with the driver the builtin set picks.
    static func reading(_ name: String) throws -> (Reading, Driver) {
        let view = try view(name)
        let oid: String? = { if case .objectIdentifier(let o)? = view[StandardOIDs.sysObjectID] { return o.description }; return nil }()
        let descr = view[StandardOIDs.sysDescr]?.bytes.flatMap(TextRepair.clean)
        let driver = DriverSet.builtin.driver(forSysObjectID: oid, description: descr)
        return (ReadingBuilder.build(view: view, driver: driver, address: "192.0.2.10",
                                     collectedAt: Date(timeIntervalSince1970: 1_795_600_800)), driver)
    }

    /// "tonerCartridge" → "toner_cartridge": EXPECTED.json uses the RFC's camelCase names.
    static func snake(_ camel: String) -> String {
        var out = ""
        for ch in camel {
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }
}

/// JSON numbers from JSONSerialization as Int64/Double, nil for null or absent.
func int(_ any: Any?) -> Int64? { (any as? NSNumber)?.int64Value }
func double(_ any: Any?) -> Double? { (any as? NSNumber)?.doubleValue }

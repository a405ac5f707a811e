import Foundation
import Testing
@testable import FleetCore

/// Drivers as data: the built-in set, selection, plans, versions and refusal of bad files.
@Suite struct DriverTests {
    @Test func builtinParsesAndEqualsTheDriversFolder() throws {
        let builtin = DriverSet.builtin
        #expect(builtin.format == 1)
        #expect(builtin.version == "2026.11.25-1")
        #expect(try DriverSet.load(directory: Fixtures.driversDirectory) == builtin)
    }

    @Test func everyRequiredVendorHasADriver() {
        let vendors = Set(DriverSet.builtin.drivers.compactMap(\.vendor))
        for vendor in ["HP", "Kyocera", "UTAX", "Ricoh", "Canon", "Konica Minolta", "Xerox", "Sharp", "Epson",
                       "Brother", "Lexmark"] {
            #expect(vendors.contains(vendor), "\(vendor)")
        }
    }

    @Test func everyOIDIsUnderTheInternetTree() {
        let internet: OID = "1.3.6.1"
        for driver in DriverSet.builtin.drivers {
            let oids = driver.scalars + driver.subtrees + driver.identity.serial + driver.identity.model
                + driver.identity.deviceID + driver.identity.firmware + driver.identity.inventory
                + driver.counters.flatMap(\.oids) + driver.match.sysObjectIDPrefixes
            for oid in oids { #expect(oid.isInSubtree(of: internet), "\(driver.id): \(oid)") }
            for rule in driver.counters { #expect(!rule.oids.isEmpty && rule.source != nil, "\(driver.id)") }
            if driver.id != "generic" { #expect(!driver.match.sysObjectIDPrefixes.isEmpty, "\(driver.id)") }
        }
    }

    @Test func selection() {
        let set = DriverSet.builtin
        #expect(set.driver(forSysObjectID: "1.3.6.1.4.1.1347.41", description: "TA_UTAX Printing System").id == "utax")
        #expect(set.driver(forSysObjectID: "1.3.6.1.4.1.1347.41", description: "KYOCERA Document Solutions").id == "kyocera")
        #expect(set.driver(forSysObjectID: "1.3.6.1.4.1.1347.41", description: nil).id == "kyocera")
        #expect(set.driver(forSysObjectID: "1.3.6.1.4.1.11.2.3.9.1", description: nil).id == "hp")
        #expect(set.driver(forSysObjectID: "1.3.6.1.4.1.8072.3.2.10", description: nil).id == "generic")
        #expect(set.driver(forSysObjectID: nil, description: nil).id == "generic")
        #expect(set.driver(forSysObjectID: "not an oid", description: nil).id == "generic")
        // "1.3.6.1.4.1.1" is not a prefix of enterprise 11 (component-wise, not text).
        #expect(set.driver(forSysObjectID: "1.3.6.1.4.1.110", description: nil).id == "generic")
    }

    @Test func longestPrefixWins() throws {
        var set = DriverSet.builtin
        set.drivers.append(Driver(id: "hp-jetdirect", vendor: "HP",
                                  match: .init(sysObjectIDPrefixes: ["1.3.6.1.4.1.11.2.3.9"])))
        #expect(set.driver(forSysObjectID: "1.3.6.1.4.1.11.2.3.9.1", description: nil).id == "hp-jetdirect")
        #expect(set.driver(forSysObjectID: "1.3.6.1.4.1.11.5", description: nil).id == "hp")
    }

    @Test func planIsGenericPlusDriverWithoutDuplicates() {
        let set = DriverSet.builtin
        let generic = set.plan(for: set.generic)
        let sharp = set.plan(for: set.driver(forSysObjectID: "1.3.6.1.4.1.2385.3.1.112.1.2", description: nil))
        #expect(Set(generic.subtrees) == Set(sharp.subtrees))
        #expect(sharp.scalars.count == Set(sharp.scalars).count)
        #expect(sharp.scalars.contains("1.3.6.1.4.1.2385.1.1.19.2.1.3.5.4.61"))
        #expect(generic.scalars.contains(StandardOIDs.sysDescr))
        #expect(generic.subtrees.contains(StandardOIDs.prtMarkerSuppliesEntry))
        #expect(generic.subtrees.contains(StandardOIDs.prtAlertCode))
        // Whole tables that would waste traffic are never walked.
        #expect(!generic.subtrees.contains("1.3.6.1.2.1.2.2"))
        #expect(!generic.subtrees.contains("1.3.6.1.2.1.43"))
        #expect(!generic.subtrees.contains(where: { $0.components.count < 9 }))
    }

    @Test func everyRecordingHasWhatItsPlanAsksFor() throws {
        // The plan covers every object the reading used: building from only the planned objects
        // gives the same reading as building from the whole recording.
        for name in Fixtures.devices {
            let view = try Fixtures.view(name)
            let (full, driver) = try Fixtures.reading(name)
            let plan = DriverSet.builtin.plan(for: driver)
            var fetched = MIBView()
            for oid in plan.scalars { if let v = view[oid] { fetched.set(oid, v) } }
            for tree in plan.subtrees { for entry in view.subtree(tree) { fetched.set(entry.oid, entry.value) } }
            fetched.sort()
            let planned = ReadingBuilder.build(view: fetched, driver: driver, address: full.address, collectedAt: full.collectedAt)
            #expect(planned == full, "\(name)")
        }
    }

    @Test func refreshPlanOverlaysTheCachedView() throws {
        // A repeat poll: keep the full view minus what the refresh plan re-fetches, overlay the
        // refreshed objects, and the reading is the same as a full one.
        for name in Fixtures.devices {
            let view = try Fixtures.view(name)
            let (full, driver) = try Fixtures.reading(name)
            let refresh = DriverSet.builtin.refreshPlan(for: driver)
            let isRefreshed: (OID) -> Bool = { oid in
                refresh.scalars.contains(oid) || refresh.subtrees.contains { oid.isInSubtree(of: $0) }
            }
            var cached = MIBView()
            for entry in view.subtree(OID([1])) where !isRefreshed(entry.oid) { cached.set(entry.oid, entry.value) }
            for oid in refresh.scalars { if let v = view[oid] { cached.set(oid, v) } }
            for tree in refresh.subtrees { for entry in view.subtree(tree) { cached.set(entry.oid, entry.value) } }
            cached.sort()
            let again = ReadingBuilder.build(view: cached, driver: driver, address: full.address, collectedAt: full.collectedAt)
            #expect(again == full, "\(name)")
            // Every refreshed object is also part of the full plan.
            let plan = DriverSet.builtin.plan(for: driver)
            for tree in refresh.subtrees { #expect(plan.subtrees.contains { tree.isInSubtree(of: $0) }, "\(tree)") }
        }
    }

    @Test func httpRulesExtractCounters() throws {
        let brother = try #require(DriverSet.builtin.drivers.first { $0.id == "brother" }?.http.first)
        #expect(brother.field == .total)
        #expect(brother.extract(from: "<dt>Page Counter</dt>\n<dd>12,345</dd>") == 12345)
        #expect(brother.extract(from: "<dt>Drum Count</dt><dd>7</dd>") == nil)
        let rule = Driver.HTTPRule(path: "/", pattern: "Total: (\\w+)", field: .total)
        #expect(rule.extract(from: "Total: none") == nil)
    }

    @Test func versionsCompareNumerically() {
        #expect(DriverSet.compareVersions("2026.11.25-2", "2026.11.25-10") == .orderedAscending)
        #expect(DriverSet.compareVersions("2026.12.01-1", "2026.11.25-9") == .orderedDescending)
        #expect(DriverSet.compareVersions("2026.11.25-1", "2026.11.25-1") == .orderedSame)
        #expect(DriverSet.compareVersions("2026.11.25", "2026.11.25-0") == .orderedSame)
    }

    @Test func newerSetReplacesOlder() throws {
        var newer = DriverSet.builtin
        newer.version = "2026.12.01-1"
        newer.drivers.append(Driver(id: "acme", vendor: "Acme", match: .init(sysObjectIDPrefixes: ["1.3.6.1.4.1.4242"])))
        let data = try JSONEncoder().encode(newer)
        let received = try DriverSet.decode(data)
        #expect(received.newer(than: .builtin))
        #expect(!DriverSet.builtin.newer(than: received))
        #expect(!DriverSet.builtin.newer(than: .builtin))
        #expect(received.driver(forSysObjectID: "1.3.6.1.4.1.4242.1", description: nil).vendor == "Acme")
    }

    @Test func badFilesAreRefused() throws {
        let base = #"{"format": 1, "version": "1", "drivers": [{"id": "generic"}]}"#
        #expect(try DriverSet.decode(Data(base.utf8)).drivers.count == 1)
        #expect(throws: DriverSet.LoadError.unsupportedFormat(2)) {
            try DriverSet.decode(Data(#"{"format": 2, "version": "1", "drivers": [{"id": "generic"}]}"#.utf8))
        }
        #expect(throws: DriverSet.LoadError.noGenericDriver) {
            try DriverSet.decode(Data(#"{"format": 1, "version": "1", "drivers": [{"id": "hp"}]}"#.utf8))
        }
        #expect(throws: DriverSet.LoadError.duplicateDriver("generic")) {
            try DriverSet.decode(Data(#"{"format": 1, "version": "1", "drivers": [{"id": "generic"}, {"id": "generic"}]}"#.utf8))
        }
        #expect(throws: DriverSet.LoadError.badPattern(driver: "x", pattern: "(")) {
            try DriverSet.decode(Data(#"{"format": 1, "version": "1", "drivers": [{"id": "generic"}, {"id": "x", "match": {"description_pattern": "("}}]}"#.utf8))
        }
        #expect(throws: (any Error).self) {
            try DriverSet.decode(Data(#"{"format": 1, "version": "1", "drivers": [{"id": "generic", "scalars": ["1.3.x"]}]}"#.utf8))
        }
    }

    @Test func directoryLoadMergesFilesAndRefusesMixedVersions() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("drivers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"format": 1, "version": "7", "drivers": [{"id": "generic"}]}"#.utf8).write(to: dir.appendingPathComponent("a.json"))
        try Data(#"{"format": 1, "version": "7", "drivers": [{"id": "hp", "match": {"sys_object_id_prefixes": ["1.3.6.1.4.1.11"]}}]}"#.utf8)
            .write(to: dir.appendingPathComponent("b.json"))
        try Data("not json".utf8).write(to: dir.appendingPathComponent("README.txt"))
        #expect(try DriverSet.load(directory: dir).drivers.map(\.id) == ["generic", "hp"])
        try Data(#"{"format": 1, "version": "8", "drivers": [{"id": "xerox"}]}"#.utf8).write(to: dir.appendingPathComponent("c.json"))
        #expect(throws: DriverSet.LoadError.mixedVersions("7", "8")) { try DriverSet.load(directory: dir) }
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(throws: DriverSet.LoadError.empty) { try DriverSet.load(directory: empty) }
    }
}

import Foundation

/// A versioned collection of drivers: the file format agents receive from the server and load at
/// run time, so drivers change without reinstalling the agent. Exactly one driver has id "generic"
/// and serves everything no vendor driver claims.
public struct DriverSet: Codable, Sendable, Equatable {
    /// The file format this code reads.
    public static let currentFormat = 1

    public var format: Int
    /// "YYYY.MM.DD-N", compared part by part as numbers (see `compareVersions`).
    public var version: String
    public var drivers: [Driver]

    public init(format: Int = DriverSet.currentFormat, version: String, drivers: [Driver]) {
        self.format = format; self.version = version; self.drivers = drivers
    }

    /// Why a driver file was refused.
    public enum LoadError: Error, Equatable, CustomStringConvertible {
        case unsupportedFormat(Int)
        case noGenericDriver
        case duplicateDriver(String)
        case mixedVersions(String, String)
        case badPattern(driver: String, pattern: String)
        case empty

        public var description: String {
            switch self {
            case .unsupportedFormat(let f): return "driver format \(f) is not supported (expected \(DriverSet.currentFormat))"
            case .noGenericDriver: return "driver set has no \"generic\" driver"
            case .duplicateDriver(let id): return "driver \(id) is defined twice"
            case .mixedVersions(let a, let b): return "driver files disagree on version: \(a) vs \(b)"
            case .badPattern(let id, let p): return "driver \(id): invalid pattern \(p)"
            case .empty: return "no driver files found"
            }
        }
    }

    /// Parses and checks one driver file's contents.
    public static func decode(_ data: Data) throws -> DriverSet {
        let set = try JSONDecoder().decode(DriverSet.self, from: data)
        try set.validate()
        return set
    }

    /// Loads every `*.json` file in `directory` (sorted by name) and merges their drivers; all files
    /// must carry the same version.
    public static func load(directory: URL) throws -> DriverSet {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        var merged: DriverSet?
        for name in names {
            let part = try JSONDecoder().decode(DriverSet.self, from: Data(contentsOf: directory.appendingPathComponent(name)))
            guard part.format == currentFormat else { throw LoadError.unsupportedFormat(part.format) }
            if var existing = merged {
                guard existing.version == part.version else { throw LoadError.mixedVersions(existing.version, part.version) }
                existing.drivers += part.drivers
                merged = existing
            } else {
                merged = part
            }
        }
        guard let merged else { throw LoadError.empty }
        try merged.validate()
        return merged
    }

    /// The drivers compiled into this build (the same JSON as the repository's `Drivers/` folder).
    public static let builtin: DriverSet = {
        do { return try decode(Data(BuiltinDrivers.json.utf8)) } catch {
            preconditionFailure("built-in drivers do not parse: \(error)")
        }
    }()

    /// Checks format, ids and regular expressions so a bad file is refused as a whole.
    public func validate() throws {
        guard format == DriverSet.currentFormat else { throw LoadError.unsupportedFormat(format) }
        var seen: Set<String> = []
        for driver in drivers {
            guard seen.insert(driver.id).inserted else { throw LoadError.duplicateDriver(driver.id) }
            let patterns = [driver.match.descriptionPattern].compactMap { $0 } + driver.http.map(\.pattern)
            for pattern in patterns where (try? NSRegularExpression(pattern: pattern)) == nil {
                throw LoadError.badPattern(driver: driver.id, pattern: pattern)
            }
        }
        guard seen.contains("generic") else { throw LoadError.noGenericDriver }
    }

    /// The generic RFC 3805 driver.
    public var generic: Driver {
        guard let generic = drivers.first(where: { $0.id == "generic" }) else { preconditionFailure("validated set lacks generic") }
        return generic
    }

    /// Whether this set should replace `other` (a strictly greater version).
    public func newer(than other: DriverSet) -> Bool {
        DriverSet.compareVersions(version, other.version) == .orderedDescending
    }

    /// Compares "2026.11.25-1" style versions numerically part by part ("-10" after "-9"); parts that
    /// are not numbers compare as text.
    public static func compareVersions(_ a: String, _ b: String) -> ComparisonResult {
        let split: (String) -> [Substring] = { $0.split(whereSeparator: { $0 == "." || $0 == "-" }) }
        let left = split(a), right = split(b)
        for i in 0..<max(left.count, right.count) {
            let l = i < left.count ? left[i] : "0", r = i < right.count ? right[i] : "0"
            if let ln = Int(l), let rn = Int(r) {
                if ln != rn { return ln < rn ? .orderedAscending : .orderedDescending }
            } else if l != r {
                return l < r ? .orderedAscending : .orderedDescending
            }
        }
        return .orderedSame
    }

    /// The driver for a device: the longest matching sysObjectID prefix wins, a matching description
    /// pattern breaks ties; nothing matching gives the generic driver.
    public func driver(forSysObjectID sysObjectID: String?, description: String?) -> Driver {
        guard let oid = sysObjectID.flatMap({ OID($0) }) else { return generic }
        var best: (driver: Driver, score: (Int, Int))?
        for driver in drivers where driver.id != "generic" {
            guard let prefix = driver.match.sysObjectIDPrefixes.filter({ oid.isInSubtree(of: $0) })
                .map({ $0.components.count }).max() else { continue }
            var patternScore = 0
            if let pattern = driver.match.descriptionPattern {
                guard let description, DriverSet.matches(pattern, description) else { continue }
                patternScore = 1
            }
            let score = (prefix, patternScore)
            if best == nil || score > best!.score { best = (driver, score) }
        }
        return best?.driver ?? generic
    }

    /// Case-insensitive search of `pattern` in `text`.
    static func matches(_ pattern: String, _ text: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// What to fetch for a device served by `driver`: the generic plan plus the driver's scalars,
    /// identity and counter objects, each once, scalars already under a walked subtree left out.
    /// Many scalars are absent on any given device: v2c answers those with noSuchObject, but a v1
    /// Get fails as a whole (noSuchName), so over v1 fetch scalars with GetNext on each OID minus
    /// its last component and keep only exact answers, or retry without the failing index.
    public func plan(for driver: Driver) -> (scalars: [OID], subtrees: [OID]) {
        let base = generic
        var subtrees: [OID] = []
        for oid in base.subtrees + driver.subtrees where !subtrees.contains(oid) { subtrees.append(oid) }
        var scalars: [OID] = []
        var candidates = base.scalars + base.identity.all + base.counters.flatMap(\.oids)
        if driver.id != base.id { candidates += driver.scalars + driver.identity.all + driver.counters.flatMap(\.oids) }
        for oid in candidates where !scalars.contains(oid) && !subtrees.contains(where: { oid.isInSubtree(of: $0) }) {
            scalars.append(oid)
        }
        return (scalars, subtrees)
    }

    /// The objects that change between polls (levels, counters, status, alerts): enough for a
    /// repeat reading when the agent keeps the rest of the last full view and overlays these (via
    /// `MIBView.set`). Descriptions and identity are most of a reading's bytes, so repeat polls cost a
    /// fraction of a full one; do a full plan when a level rises (a replacement) and at least daily.
    public func refreshPlan(for driver: Driver) -> (scalars: [OID], subtrees: [OID]) {
        let subtrees: [OID] = [StandardOIDs.hrDeviceStatus, StandardOIDs.hrPrinterStatus,
                               StandardOIDs.hrPrinterDetectedErrorState, StandardOIDs.prtInputCurrentLevel,
                               StandardOIDs.prtMarkerLifeCount, StandardOIDs.prtMarkerSuppliesMaxCapacity,
                               StandardOIDs.prtMarkerSuppliesLevel, StandardOIDs.prtAlertSeverityLevel,
                               StandardOIDs.prtAlertGroup, StandardOIDs.prtAlertCode, StandardOIDs.prtAlertDescription]
        var scalars: [OID] = []
        let rules = generic.counters + (driver.id == generic.id ? [] : driver.counters)
        for oid in rules.flatMap(\.oids) where !scalars.contains(oid) { scalars.append(oid) }
        return (scalars, subtrees)
    }
}

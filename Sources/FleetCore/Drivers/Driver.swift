import Foundation

/// How to read one family of devices, as data (PRODUCT.md "Drivers"): which devices it serves, what
/// to fetch beyond the generic RFC 3805 plan, where identity lives and how private counters map.
/// Every driver builds on the generic one: its OIDs are fetched in addition to the generic plan.
public struct Driver: Codable, Sendable, Equatable {
    /// Stable name, e.g. "generic", "hp", "kyocera".
    public var id: String
    /// Manufacturer as shown to people; nil for the generic driver.
    public var vendor: String?
    public var match: Match
    /// Extra single objects to GET (the generic driver lists the base set).
    public var scalars: [OID]
    /// Extra subtrees to walk.
    public var subtrees: [OID]
    public var identity: Identity
    public var counters: [CounterRule]
    /// Values only the embedded web server shows; fetched by the agent, modelled here.
    public var http: [HTTPRule]
    public var quirks: [SupplyQuirk]
    /// Where the OIDs come from (vendor MIB, a recording), for whoever maintains the file.
    public var source: String?

    public init(id: String, vendor: String? = nil, match: Match = Match(), scalars: [OID] = [], subtrees: [OID] = [],
                identity: Identity = Identity(), counters: [CounterRule] = [], http: [HTTPRule] = [],
                quirks: [SupplyQuirk] = [], source: String? = nil) {
        self.id = id; self.vendor = vendor; self.match = match; self.scalars = scalars; self.subtrees = subtrees
        self.identity = identity; self.counters = counters; self.http = http; self.quirks = quirks; self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case id, vendor, match, scalars, subtrees, identity, counters, http, quirks, source
    }

    /// Missing lists mean empty, so a driver file only says what it adds.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        vendor = try c.decodeIfPresent(String.self, forKey: .vendor)
        match = try c.decodeIfPresent(Match.self, forKey: .match) ?? Match()
        scalars = try c.decodeIfPresent([OID].self, forKey: .scalars) ?? []
        subtrees = try c.decodeIfPresent([OID].self, forKey: .subtrees) ?? []
        identity = try c.decodeIfPresent(Identity.self, forKey: .identity) ?? Identity()
        counters = try c.decodeIfPresent([CounterRule].self, forKey: .counters) ?? []
        http = try c.decodeIfPresent([HTTPRule].self, forKey: .http) ?? []
        quirks = try c.decodeIfPresent([SupplyQuirk].self, forKey: .quirks) ?? []
        source = try c.decodeIfPresent(String.self, forKey: .source)
    }

    /// Which devices a driver serves: a sysObjectID under one of the prefixes, and, when given, a
    /// sysDescr matching the pattern (case-insensitive regular expression).
    public struct Match: Codable, Sendable, Equatable {
        public var sysObjectIDPrefixes: [OID]
        public var descriptionPattern: String?

        public init(sysObjectIDPrefixes: [OID] = [], descriptionPattern: String? = nil) {
            self.sysObjectIDPrefixes = sysObjectIDPrefixes; self.descriptionPattern = descriptionPattern
        }

        enum CodingKeys: String, CodingKey {
            case sysObjectIDPrefixes = "sys_object_id_prefixes", descriptionPattern = "description_pattern"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            sysObjectIDPrefixes = try c.decodeIfPresent([OID].self, forKey: .sysObjectIDPrefixes) ?? []
            descriptionPattern = try c.decodeIfPresent(String.self, forKey: .descriptionPattern)
        }
    }

    /// Vendor objects holding identity, each list in priority order. They are tried after the
    /// standard objects (prtGeneralSerialNumber, hrDeviceDescr...) as EXPECTED.json's rules say.
    public struct Identity: Codable, Sendable, Equatable {
        public var serial: [OID]
        public var model: [OID]
        /// Objects holding an IEEE 1284 device ID ("MFG:..;MDL:..;").
        public var deviceID: [OID]
        public var firmware: [OID]
        public var inventory: [OID]

        public init(serial: [OID] = [], model: [OID] = [], deviceID: [OID] = [], firmware: [OID] = [],
                    inventory: [OID] = []) {
            self.serial = serial; self.model = model; self.deviceID = deviceID; self.firmware = firmware
            self.inventory = inventory
        }

        enum CodingKeys: String, CodingKey {
            case serial, model, firmware, inventory
            case deviceID = "device_id"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            serial = try c.decodeIfPresent([OID].self, forKey: .serial) ?? []
            model = try c.decodeIfPresent([OID].self, forKey: .model) ?? []
            deviceID = try c.decodeIfPresent([OID].self, forKey: .deviceID) ?? []
            firmware = try c.decodeIfPresent([OID].self, forKey: .firmware) ?? []
            inventory = try c.decodeIfPresent([OID].self, forKey: .inventory) ?? []
        }

        /// Every identity object, for the fetch plan.
        var all: [OID] { serial + model + deviceID + firmware + inventory }
    }

    /// The reading's counter fields a private counter can fill.
    public enum CounterKind: String, Codable, Sendable, CaseIterable {
        case total, mono, color, print, copy, fax, scan
    }

    /// A counter as the sum of private objects (e.g. black-and-white copies + prints = mono).
    public struct CounterRule: Codable, Sendable, Equatable {
        public var counter: CounterKind
        public var oids: [OID]
        public var source: String?

        public init(counter: CounterKind, oids: [OID], source: String? = nil) {
            self.counter = counter; self.oids = oids; self.source = source
        }
    }

    /// A counter read from a page of the embedded web server: `pattern`'s first capture group,
    /// digits only, on the page at `path`.
    public struct HTTPRule: Codable, Sendable, Equatable {
        public var path: String
        public var pattern: String
        public var field: CounterKind
        public var source: String?

        public init(path: String, pattern: String, field: CounterKind, source: String? = nil) {
            self.path = path; self.pattern = pattern; self.field = field; self.source = source
        }

        /// The counter in a fetched page: the first capture group of `pattern` (case-insensitive,
        /// across lines) with thousands separators dropped; nil when absent or not a number.
        public func extract(from page: String) -> Int64? {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive, .dotMatchesLineSeparators]),
                  let match = regex.firstMatch(in: page, range: NSRange(page.startIndex..., in: page)),
                  match.numberOfRanges > 1, let range = Range(match.range(at: 1), in: page) else { return nil }
            let digits = page[range].filter { $0 != "," && $0 != "." && $0 != " " && $0 != "\u{A0}" }
            return Int64(digits)
        }
    }
}

import Foundation

/// EXPECTED.json of this target's own copy of the recordings, and JSON helpers for comparing.
enum Expected {
    static func devices() throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: SNMPSimulator.fixtures + "/EXPECTED.json"))
        let root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (root?["devices"] as? [String: [String: Any]]) ?? [:]
    }

    static func device(_ name: String) throws -> [String: Any] {
        guard let device = try devices()[name] else { throw SimulatorError(description: "no \(name) in EXPECTED.json") }
        return device
    }

    /// RFC names in camelCase → the reading's snake_case.
    static func snake(_ camel: String) -> String {
        var out = ""
        for ch in camel {
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }

    /// A JSON number as Int64 (nil for null/absent).
    static func int(_ value: Any?) -> Int64? { (value as? NSNumber).map { $0.int64Value } }
    static func double(_ value: Any?) -> Double? { (value as? NSNumber).map { $0.doubleValue } }
    /// A JSON string, nil for null.
    static func string(_ value: Any?) -> String? { value as? String }
}

import Foundation

/// The SNMP settings a command carries for a range or a device.
public struct SNMPSettings: Codable, Sendable, Equatable {
    public var community: String
    /// "1" or "2c".
    public var version: String
    public var port: Int

    public init(community: String, version: String, port: Int) {
        self.community = community
        self.version = version
        self.port = port
    }
}

/// A device the server asks the agent to read (only devices on the organization's list).
public struct DeviceTarget: Codable, Sendable, Equatable {
    public var deviceID: Int64
    public var address: String
    public var snmp: SNMPSettings

    enum CodingKeys: String, CodingKey {
        case deviceID = "device_id", address, snmp
    }

    public init(deviceID: Int64, address: String, snmp: SNMPSettings) {
        self.deviceID = deviceID
        self.address = address
        self.snmp = snmp
    }
}

/// One command from the server to an agent (gateway → agent, JSON). `kind` is "discovery" (scan
/// `range`, only that range) or "status" (read `devices`).
public struct AgentCommandMessage: Codable, Sendable, Equatable {
    public var commandID: Int64
    public var kind: String
    public var range: String?
    public var snmp: SNMPSettings?
    public var devices: [DeviceTarget]?
    /// Addresses of `range` a discovery must not touch.
    public var exclude: [String]?

    enum CodingKeys: String, CodingKey {
        case commandID = "command_id", kind, range, snmp, devices, exclude
    }

    public init(commandID: Int64, kind: String, range: String? = nil, snmp: SNMPSettings? = nil, devices: [DeviceTarget]? = nil,
                exclude: [String]? = nil) {
        self.exclude = exclude
        self.commandID = commandID
        self.kind = kind
        self.range = range
        self.snmp = snmp
        self.devices = devices
    }

    /// The payload stored for a discovery command (the command id is added when it is sent).
    public static func discovery(range: String, snmp: SNMPSettings, exclude: [String] = []) -> AgentCommandMessage {
        AgentCommandMessage(commandID: 0, kind: "discovery", range: range, snmp: snmp, exclude: exclude.isEmpty ? nil : exclude)
    }
}

/// One reading in an upload: of a device the server named (`device_id`), or of a printer a discovery
/// found (`device_id` nil, `discovery` true), always with the settings that reached it.
public struct UploadedReading: Codable, Sendable, Equatable {
    public var deviceID: Int64?
    public var commandID: Int64?
    public var snmp: SNMPSettings
    public var reading: Reading

    enum CodingKeys: String, CodingKey {
        case deviceID = "device_id", commandID = "command_id", snmp, reading
    }

    public init(deviceID: Int64?, commandID: Int64?, snmp: SNMPSettings, reading: Reading) {
        self.deviceID = deviceID
        self.commandID = commandID
        self.snmp = snmp
        self.reading = reading
    }
}

/// What the agent sends (agent → gateway, JSON): readings and finished commands, under one idempotency
/// key. The agent keeps the upload in its spool until the gateway answers it; a retry carries the same
/// key, and the gateway stores an upload at most once.
public struct AgentUpload: Codable, Sendable, Equatable {
    public var uploadKey: String
    public var readings: [UploadedReading]
    /// Devices a status command could not reach (they are marked offline).
    public var unreachable: [Int64]
    public var completedCommands: [CompletedCommand]

    enum CodingKeys: String, CodingKey {
        case uploadKey = "upload_key", readings, unreachable, completedCommands = "completed_commands"
    }

    public init(uploadKey: String, readings: [UploadedReading], unreachable: [Int64] = [], completedCommands: [CompletedCommand] = []) {
        self.uploadKey = uploadKey
        self.readings = readings
        self.unreachable = unreachable
        self.completedCommands = completedCommands
    }
}

/// A command the agent finished, with a short result ("ok", "3 printers", an error).
public struct CompletedCommand: Codable, Sendable, Equatable {
    public var commandID: Int64
    public var result: String

    enum CodingKeys: String, CodingKey { case commandID = "command_id", result }

    public init(commandID: Int64, result: String) {
        self.commandID = commandID
        self.result = result
    }
}

/// How far a running discovery has got, reported by the agent with its command polls
/// (`progress=ID.scanned.total.found.read`, several joined by commas).
public struct CommandProgress: Codable, Sendable, Equatable {
    public var commandID: Int64
    /// Addresses asked so far, of `total`.
    public var scanned: Int
    public var total: Int
    /// Printers found so far, and how many of them were read fully.
    public var found: Int
    public var read: Int

    enum CodingKeys: String, CodingKey {
        case commandID = "command_id", scanned, total, found, read
    }

    public init(commandID: Int64, scanned: Int, total: Int, found: Int, read: Int) {
        self.commandID = commandID
        self.scanned = scanned
        self.total = total
        self.found = found
        self.read = read
    }

    /// `ID.scanned.total.found.read`.
    public var queryText: String { "\(commandID).\(scanned).\(total).\(found).\(read)" }

    /// Parses a query value; malformed entries are skipped, counts are bounded (a range has at most
    /// 65,536 addresses) and at most 16 entries are taken.
    public static func parse(_ text: String) -> [CommandProgress] {
        var found: [CommandProgress] = []
        for item in text.split(separator: ",").prefix(16) {
            let parts = item.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 5, let id = Int64(parts[0]), id > 0 else { continue }
            let numbers = parts.dropFirst().compactMap { Int($0) }
            guard numbers.count == 4, numbers.allSatisfy({ (0...65_536).contains($0) }) else { continue }
            found.append(CommandProgress(commandID: id, scanned: numbers[0], total: numbers[1], found: numbers[2], read: numbers[3]))
        }
        return found
    }
}

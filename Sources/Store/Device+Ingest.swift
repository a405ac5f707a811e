import FleetCore
import Foundation

/// What an upload did.
public struct IngestOutcome: Sendable, Equatable {
    /// The upload key was seen before: nothing was stored again (the agent may drop its copy).
    public var duplicate = false
    public var readingsStored = 0
    public var devicesCreated = 0
    /// Readings naming a device that is not this agent's (or not its organization's): ignored.
    public var rejected = 0

    public init(duplicate: Bool = false, readingsStored: Int = 0, devicesCreated: Int = 0, rejected: Int = 0) {
        self.duplicate = duplicate
        self.readingsStored = readingsStored
        self.devicesCreated = devicesCreated
        self.rejected = rejected
    }
}

extension DeviceStore {
    /// Stores an agent's upload in one transaction, at most once per upload key: devices (created or
    /// matched by serial number, else by address), readings history, the latest reading, alerts opened
    /// and cleared, unreachable devices marked offline, commands completed, the agent's last contact.
    /// The agent's identity comes from its verified certificate; it can touch only its own
    /// organization's devices, and only those it serves.
    public func ingest(_ upload: AgentUpload, from identity: AgentIdentity) async throws(StoreError) -> IngestOutcome {
        try await partitions.ensure(for: upload.readings.map(\.reading.collectedAt))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var texts: [String] = []
        for item in upload.readings {
            guard let data = try? encoder.encode(item.reading) else { throw .invalidInput("reading not encodable") }
            texts.append(String(decoding: data, as: UTF8.self))
        }
        let encoded = texts
        let settings = TenantScope.settings(organizationID: identity.organizationID)
        return try await database.transaction(settings: settings) { (tx) throws(StoreError) -> IngestOutcome in
            var outcome = IngestOutcome()
            guard try tx.execute("""
                INSERT INTO agent_uploads (agent_id, upload_key, organization_id)
                VALUES (\(identity.agentID), \(upload.uploadKey), \(identity.organizationID)) ON CONFLICT DO NOTHING
                """) == 1 else {
                outcome.duplicate = true
                return outcome
            }
            let ranges = try AgentRanges(agentID: identity.agentID, in: tx)
            for (item, json) in zip(upload.readings, encoded) {
                // A number no printer can report is refused (and counted), never stored or summed.
                guard item.reading.implausibility == nil else { outcome.rejected += 1; continue }
                let deviceID: Int64
                if let named = item.deviceID {
                    guard try tx.queryOne("""
                        SELECT 1 AS ok FROM devices WHERE id = \(named) AND agent_id = \(identity.agentID)
                          AND organization_id = \(identity.organizationID)
                        """) != nil else { outcome.rejected += 1; continue }
                    deviceID = named
                } else {
                    // A discovered printer is an IPv4 address of one of the agent's ranges, nothing else.
                    guard IPv4Address(item.reading.address) != nil else { outcome.rejected += 1; continue }
                    let (id, created) = try Self.matchDiscovered(item, identity: identity, rangeID: ranges.range(of: item.reading.address), in: tx)
                    deviceID = id
                    if created { outcome.devicesCreated += 1 }
                }
                outcome.readingsStored += try Self.store(item.reading, json: json, deviceID: deviceID, identity: identity, in: tx)
            }
            if !upload.unreachable.isEmpty {
                try tx.execute("""
                    UPDATE devices SET is_online = false, status = 'offline'
                    WHERE id = ANY(\(upload.unreachable)) AND agent_id = \(identity.agentID) AND organization_id = \(identity.organizationID)
                    """)
            }
            for done in upload.completedCommands {
                try CommandStore.complete(done.commandID, result: done.result, identity: identity, in: tx)
            }
            try tx.execute("UPDATE agents SET last_seen_at = now() WHERE id = \(identity.agentID)")
            return outcome
        }
    }

    /// The device a discovered printer is: the organization's device with its serial number, else this
    /// agent's device at its address; otherwise a new one. Identity and address are refreshed.
    private static func matchDiscovered(_ item: UploadedReading, identity: AgentIdentity, rangeID: Int64?,
                                        in tx: Transaction) throws(StoreError) -> (Int64, Bool) {
        let reading = item.reading
        var existing: Row?
        if let serial = reading.serialNumber {
            existing = try tx.queryOne("SELECT id FROM devices WHERE organization_id = \(identity.organizationID) AND serial_number = \(serial)")
        }
        if existing == nil {
            existing = try tx.queryOne("""
                SELECT id FROM devices WHERE agent_id = \(identity.agentID) AND address = \(reading.address)::inet
                  AND (serial_number IS NULL OR \(reading.serialNumber)::text IS NULL)
                ORDER BY id LIMIT 1
                """)
        }
        if let existing {
            let id = try existing.int64("id")
            try tx.execute("""
                UPDATE devices SET address = \(reading.address)::inet, agent_id = \(identity.agentID),
                    address_range_id = coalesce(\(rangeID), address_range_id),
                    snmp_community = \(item.snmp.community), snmp_version = \(item.snmp.version), snmp_port = \(item.snmp.port)
                WHERE id = \(id)
                """)
            return (id, false)
        }
        guard let row = try tx.queryOne("""
            INSERT INTO devices (organization_id, agent_id, address_range_id, address, snmp_community, snmp_version, snmp_port,
                                 first_seen_at, last_seen_at)
            VALUES (\(identity.organizationID), \(identity.agentID), \(rangeID), \(reading.address)::inet,
                    \(item.snmp.community), \(item.snmp.version), \(item.snmp.port), \(reading.collectedAt), \(reading.collectedAt))
            RETURNING id
            """) else { throw .unavailable("insert returned nothing") }
        return (try row.int64("id"), true)
    }

    /// Stores one reading (a repeat of the same device and time is ignored) and, when it is the
    /// newest, makes it the device's latest: identity, online, alerts. Returns 1 when stored.
    private static func store(_ reading: Reading, json: String, deviceID: Int64, identity: AgentIdentity,
                              in tx: Transaction) throws(StoreError) -> Int {
        let stored = try tx.execute("""
            INSERT INTO readings (device_id, organization_id, collected_at, total, mono, color, reading)
            VALUES (\(deviceID), \(identity.organizationID), \(reading.collectedAt), \(reading.counters.total),
                    \(reading.counters.mono), \(reading.counters.color), \(json)::jsonb)
            ON CONFLICT DO NOTHING
            """)
        guard stored == 1 else { return 0 }
        let health = DeviceHealth(reading)
        let gauges = String(decoding: (try? JSONEncoder().encode(health.supplies)) ?? Data("[]".utf8), as: UTF8.self)
        let newest = try tx.execute("""
            UPDATE devices SET latest_reading = \(json)::jsonb, latest_reading_at = \(reading.collectedAt),
                status = \(health.status), supply_gauges = \(gauges)::jsonb, lowest_supply_percent = \(health.lowestPercent),
                sys_object_id = \(reading.sysObjectID), description = \(reading.description), manufacturer = \(reading.manufacturer),
                model = \(reading.model),
                -- A serial another device of the organization already has (a swapped printer) is not
                -- taken over: the upload must still succeed, and the other device keeps its identity.
                serial_number = CASE WHEN EXISTS (SELECT 1 FROM devices o WHERE o.organization_id = \(identity.organizationID)
                                                  AND o.serial_number = \(reading.serialNumber) AND o.id <> \(deviceID))
                                     THEN serial_number ELSE coalesce(\(reading.serialNumber), serial_number) END,
                mac_address = coalesce(\(reading.macAddress), mac_address), location = \(reading.location),
                firmware = \(reading.firmware), inventory_number = \(reading.inventoryNumber),
                is_online = true, last_seen_at = greatest(last_seen_at, \(reading.collectedAt))
            WHERE id = \(deviceID) AND (latest_reading_at IS NULL OR latest_reading_at <= \(reading.collectedAt))
            """)
        if newest == 1 { try DeviceAlerts.apply(reading, deviceID: deviceID, organizationID: identity.organizationID, in: tx) }
        return 1
    }
}

/// The address ranges of one agent, to tell which range a discovered address came from.
struct AgentRanges {
    let ranges: [(id: Int64, first: IPv4Address, last: IPv4Address)]

    init(agentID: Int64, in tx: Transaction) throws(StoreError) {
        var found: [(id: Int64, first: IPv4Address, last: IPv4Address)] = []
        for row in try tx.query("""
            SELECT id, host(first_address) AS first_address, host(last_address) AS last_address FROM address_ranges
            WHERE agent_id = \(agentID) ORDER BY id
            """) {
            guard let first = IPv4Address(try row.string("first_address")), let last = IPv4Address(try row.string("last_address")) else { continue }
            found.append((try row.int64("id"), first, last))
        }
        ranges = found
    }

    func range(of address: String) -> Int64? {
        guard let ip = IPv4Address(address) else { return nil }
        return ranges.first { ip >= $0.first && ip <= $0.last }?.id
    }
}

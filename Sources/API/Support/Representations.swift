import Foundation
import Store

/// How each entity looks in the API (snake_case keys, explicit nulls, RFC 3339 UTC times): one
/// function per entity, used by every handler that returns it.
enum Representation {
    static func agent(_ agent: Agent) -> JSON.Object {
        ["id": agent.id, "organization_id": agent.organizationID, "name": agent.name, "status": agent.status,
         "enrollment_expires_at": agent.enrolledAt == nil ? JSON.date(agent.enrollmentExpiresAt) : NSNull(),
         "enrolled_at": JSON.date(agent.enrolledAt), "revoked_at": JSON.date(agent.revokedAt),
         "last_seen_at": JSON.date(agent.lastSeenAt), "agent_version": JSON.orNull(agent.agentVersion),
         "certificate_expires_at": JSON.date(agent.certificateExpiresAt), "created_at": JSON.date(agent.createdAt)]
    }

    static func addressRange(_ range: StoredAddressRange) -> JSON.Object {
        ["id": range.id, "organization_id": range.organizationID, "agent_id": range.agentID, "name": range.name,
         "cidr": JSON.orNull(range.cidr), "first_address": range.firstAddress, "last_address": range.lastAddress,
         "snmp_community": range.snmpCommunity, "snmp_version": range.snmpVersion, "snmp_port": range.snmpPort,
         "exclusions": range.exclusions, "created_at": JSON.date(range.createdAt), "updated_at": JSON.date(range.updatedAt)]
    }

    static func organization(_ organization: Organization) -> JSON.Object {
        ["id": organization.id, "parent_id": JSON.orNull(organization.parentID), "name": organization.name,
         "time_zone": organization.timeZone, "language": organization.language, "is_active": organization.isActive,
         "created_at": JSON.date(organization.createdAt)]
    }

    static func user(_ user: User) -> JSON.Object {
        ["id": user.id, "organization_id": user.organizationID, "email": user.email, "display_name": user.displayName,
         "role": user.role.rawValue, "language": JSON.orNull(user.language), "is_active": user.isActive,
         "created_at": JSON.date(user.createdAt)]
    }

    static func list(_ items: [JSON.Object]) -> JSON.Object { ["items": items] }
}

extension Representation {
    static func command(_ command: AgentCommand) -> JSON.Object {
        ["id": command.id, "organization_id": command.organizationID, "agent_id": command.agentID, "kind": command.kind,
         "created_at": JSON.date(command.createdAt), "sent_at": JSON.date(command.sentAt),
         "completed_at": JSON.date(command.completedAt), "result": JSON.orNull(command.result)]
    }

    static func device(_ device: Device) -> JSON.Object {
        var object: JSON.Object = [
            "id": device.id, "organization_id": device.organizationID, "agent_id": device.agentID,
            "address_range_id": JSON.orNull(device.addressRangeID), "address": device.address,
            "snmp_community": device.snmp.community, "snmp_version": device.snmp.version, "snmp_port": device.snmp.port,
            "sys_object_id": JSON.orNull(device.sysObjectID), "description": JSON.orNull(device.description),
            "manufacturer": JSON.orNull(device.manufacturer), "model": JSON.orNull(device.model),
            "serial_number": JSON.orNull(device.serialNumber), "mac_address": JSON.orNull(device.macAddress),
            "location": JSON.orNull(device.location), "firmware": JSON.orNull(device.firmware),
            "inventory_number": JSON.orNull(device.inventoryNumber), "is_online": device.isOnline,
            "first_seen_at": JSON.date(device.firstSeenAt), "last_seen_at": JSON.date(device.lastSeenAt),
            "latest_reading_at": JSON.date(device.latestReadingAt)]
        if let json = device.latestReadingJSON {
            object["latest_reading"] = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) ?? NSNull()
        }
        return object
    }

    static func reading(_ reading: StoredReading) -> Any {
        (try? JSONSerialization.jsonObject(with: Data(reading.json.utf8))) ?? NSNull()
    }

    static func schedule(_ schedule: Schedule) -> JSON.Object {
        ["id": schedule.id, "organization_id": schedule.organizationID, "kind": schedule.kind,
         "address_range_id": JSON.orNull(schedule.addressRangeID), "interval_minutes": JSON.orNull(schedule.times.intervalMinutes),
         "times_of_day": schedule.times.intervalMinutes == nil ? schedule.times.timesOfDay.map(Self.timeOfDay) : NSNull(),
         "days_of_week": schedule.times.intervalMinutes == nil ? schedule.times.daysOfWeek : NSNull(),
         "is_enabled": schedule.isEnabled, "next_run_at": JSON.date(schedule.nextRunAt),
         "last_run_at": JSON.date(schedule.lastRunAt), "created_at": JSON.date(schedule.createdAt)]
    }

    /// Minutes after midnight as "HH:MM".
    static func timeOfDay(_ minutes: Int) -> String {
        let hours = minutes / 60, rest = minutes % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
    }
}

import FleetCore
import Foundation

/// Alerts of a device over time: an alert present in the newest reading is open (one row per device,
/// alert index and code, however many readings repeat it); one no longer present is cleared.
enum DeviceAlerts {
    static func apply(_ reading: Reading, deviceID: Int64, organizationID: Int64, in tx: Transaction) throws(StoreError) {
        var present: [String] = []
        for alert in reading.alerts {
            let code = alert.code ?? alert.rawCode.map { "code_\($0)" } ?? "other"
            present.append(alert.index + "|" + code)
            try tx.execute("""
                INSERT INTO device_alerts (organization_id, device_id, alert_index, severity, code, alert_group, description, opened_at)
                VALUES (\(organizationID), \(deviceID), \(alert.index), \(alert.severity ?? "other"), \(code), \(alert.group),
                        \(alert.description), \(reading.collectedAt))
                ON CONFLICT (device_id, alert_index, code) WHERE cleared_at IS NULL DO NOTHING
                """)
        }
        try tx.execute("""
            UPDATE device_alerts SET cleared_at = \(reading.collectedAt)
            WHERE device_id = \(deviceID) AND cleared_at IS NULL AND NOT (alert_index || '|' || code = ANY(\(present)))
            """)
    }
}

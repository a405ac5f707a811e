import Foundation
import Store

/// Where a range's latest discovery stands, worked out from its command: queued, sent to the agent,
/// scanning addresses, reading the printers found, done (with the agent's result) or failed.
struct RangeDiscovery {
    enum State: String { case none, queued, sent, scanning, reading, done, failed }

    let state: State
    let scanned: Int, total: Int, found: Int, read: Int
    let result: String?
    let command: AgentCommand?

    init(_ command: AgentCommand?) {
        self.command = command
        let progress = command?.progress
        scanned = progress?.scanned ?? 0
        total = progress?.total ?? 0
        found = progress?.found ?? 0
        read = progress?.read ?? 0
        result = command?.result
        guard let command else { state = .none; return }
        if command.completedAt != nil {
            state = (command.result ?? "").lowercased().hasPrefix("error") ? .failed : .done
        } else if let progress {
            state = progress.total > 0 && progress.scanned >= progress.total ? .reading : .scanning
        } else {
            state = command.sentAt == nil ? .queued : .sent
        }
    }

    /// Whether nothing more will change (no discovery, or it finished).
    var isFinished: Bool { state == .none || state == .done || state == .failed }

    /// The state in words, in the page's language.
    func label(_ request: WebRequest) -> String { request.text("ranges.state.\(state.rawValue)") }

    /// The values the range's page shows (`discovery` in the template).
    func values(_ request: WebRequest) -> [String: Any] {
        var values: [String: Any] = [
            "state": state.rawValue, "label": label(request), "running": !isFinished,
            "scanned": scanned, "total": total, "found": found, "read": read, "scanMax": max(total, 1), "readMax": max(found, 1),
            "scanText": request.text("ranges.scanned_of", ["n": String(scanned), "total": String(total)]),
            "readText": request.text("ranges.read_of", ["n": String(read), "total": String(found)]),
            "failed": state == .failed, "none": state == .none,
        ]
        if let result { values["result"] = result }
        if let command {
            values["queuedAt"] = WebDates.dateTime(command.createdAt, request)
            values["queuedMachine"] = WebDates.machine(command.createdAt)
        }
        if let completed = command?.completedAt { values["completedAt"] = WebDates.dateTime(completed, request) }
        return values
    }

    /// The progress answer the page's script polls.
    func json(_ request: WebRequest, devices: [RangeDevice], deviceCount: Int) -> [UInt8] {
        let object: [String: Any] = [
            "state": state.rawValue, "label": label(request), "done": isFinished,
            "scanned": scanned, "total": total, "found": found, "read": read,
            "scan_text": request.text("ranges.scanned_of", ["n": String(scanned), "total": String(total)]),
            "read_text": request.text("ranges.read_of", ["n": String(read), "total": String(found)]),
            "result": result.map { $0 as Any } ?? NSNull(),
            "devices": devices.map { RangeDiscovery.device($0, request) },
            "device_count": request.text("ranges.devices_count", ["n": String(deviceCount)]),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Array(data)
    }

    /// One printer found through the range, for the page and the progress answer.
    static func device(_ device: RangeDevice, _ request: WebRequest) -> [String: Any] {
        // "Brother" + "Brother MFC-L2710DW series" reads once, not twice.
        let model: String
        if let name = device.model, let maker = device.manufacturer, !name.lowercased().hasPrefix(maker.lowercased()) {
            model = maker + " " + name
        } else {
            model = device.model ?? device.manufacturer ?? ""
        }
        return [
            "id": device.id, "href": "/devices/\(device.id)", "address": device.address,
            "model": model.isEmpty ? request.text("common.none") : model,
            "serial": device.serialNumber ?? request.text("common.none"),
            "seen": WebDates.dateTime(device.lastSeenAt, request),
        ]
    }
}

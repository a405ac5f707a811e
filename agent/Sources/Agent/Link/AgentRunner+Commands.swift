import FleetCore
import Foundation
import SNMP

extension AgentRunner {
    /// Starts `command` unless it is running or its results already wait in the spool.
    ///
    /// Order matters: `running` is checked before the spool, and a finished command enters the spool
    /// before it leaves `running`, so there is no moment at which a resent command passes both checks.
    func dispatch(_ command: AgentCommandMessage) {
        let id = command.commandID
        let started = startRunning(id)
        guard started else {
            logger.debug("command \(id) is already running; not started again")
            return
        }
        if spool.holdsCompletion(of: id) {
            finishRunning(id)
            logger.debug("command \(id) already has its results in the spool; not run again")
            return
        }
        let message: String = "command \(id): \(command.kind)\(command.range.map { " \($0)" } ?? "")"
                    + (command.devices.map { " (\($0.count) device(s))" } ?? "")
        logger.info("\(message)")
        Task {
            let upload = await self.execute(command)
            do {
                let entry = try self.spool.add(upload)
                logger.info("command \(id) done: \(upload.completedCommands.first?.result ?? "") → spool \(entry.name)")
            } catch {
                // Nothing older is deleted to make room; the gateway sends the command again after a reconnect.
                logger.error("command \(id): results NOT kept: \(error)")
            }
            self.finishRunning(id)
        }
    }

    /// Runs one command and returns its upload (readings plus completion under a new key).
    func execute(_ command: AgentCommandMessage) async -> AgentUpload {
        let key = UUID().uuidString.lowercased()
        var readings: [UploadedReading] = []
        var unreachable: [Int64] = []
        let result: String
        switch command.kind {
        case "discovery":
            (readings, result) = await discover(command)
        case "status":
            (readings, unreachable, result) = await readStatus(command)
        default:
            result = "error: unknown command kind \(command.kind)"
        }
        return AgentUpload(uploadKey: key, readings: readings, unreachable: unreachable,
                           completedCommands: [CompletedCommand(commandID: command.commandID, result: result)])
    }

    /// Discovery of the command's range, then one full reading of each printer found (device_id nil).
    private func discover(_ command: AgentCommandMessage) async -> ([UploadedReading], String) {
        guard let rangeText = command.range, let settings = command.snmp else {
            return ([], "error: a discovery command needs range and snmp")
        }
        guard let version = Self.snmpVersion(settings.version), let port = UInt16(exactly: settings.port) else {
            return ([], "error: unsupported SNMP settings (version \(settings.version), port \(settings.port))")
        }
        let range: AddressRange
        let excluded = (command.exclude ?? []).compactMap(IPv4Address.init)
        guard excluded.count == (command.exclude ?? []).count else { return ([], "error: invalid exclusions \(command.exclude ?? [])") }
        do { range = try AddressRange(rangeText, excluding: excluded) } catch { return ([], "error: invalid range \(rangeText): \(error)") }
        var discoverer = Discoverer(client: snmp, drivers: drivers)
        let total = range.count
        let id = command.commandID
        report(CommandProgress(commandID: id, scanned: 0, total: total, found: 0, read: 0))
        // Address by address (a sweep of a /16 takes minutes): the range page shows it moving.
        discoverer.progress = { [weak self] step in
            self?.report(CommandProgress(commandID: id, scanned: step.scanned, total: total, found: step.found, read: 0))
        }
        // The scan speaks SNMPv1 (PRODUCT.md "Discovery"), which every printer answers; the full
        // reads use the range's version (`readDiscovered` falls back to v1 for boards without v2c).
        let printers = await discoverer.discover(range, port: port, community: settings.community, version: .v1)
        report(CommandProgress(commandID: id, scanned: total, total: total, found: printers.count, read: 0))
        let poller = Poller(client: snmp, drivers: drivers)
        var readings: [UploadedReading] = []
        for (done, printer) in printers.enumerated() {
            if done > 0 { report(CommandProgress(commandID: id, scanned: total, total: total, found: printers.count, read: done)) }
            let target = SNMPTarget(host: printer.address, port: port, community: settings.community, version: version)
            do {
                let (reading, used) = try await poller.readDiscovered(target)
                var answered = settings
                if used != version { answered.version = used == .v1 ? "1" : "2c" }
                readings.append(UploadedReading(deviceID: nil, commandID: command.commandID, snmp: answered, reading: reading))
            } catch {
                logger.warning("discovery \(rangeText): \(printer.address) answered the scan but not the full read: \(error)")
            }
        }
        return (readings, "\(printers.count) printer(s) found, \(readings.count) read")
    }

    /// A full reading of each device of a status command; the silent ones listed as unreachable.
    private func readStatus(_ command: AgentCommandMessage) async -> ([UploadedReading], [Int64], String) {
        let devices = command.devices ?? []
        let poller = Poller(client: snmp, drivers: drivers)
        var readings: [UploadedReading] = []
        var unreachable: [Int64] = []
        let limit = max(1, options.deviceConcurrency)
        await withTaskGroup(of: (DeviceTarget, Reading?).self) { group in
            var next = 0
            func launch() {
                guard next < devices.count else { return }
                let device = devices[next]
                next += 1
                group.addTask {
                    guard let version = Self.snmpVersion(device.snmp.version),
                          let port = UInt16(exactly: device.snmp.port) else { return (device, nil) }
                    let target = SNMPTarget(host: device.address, port: port, community: device.snmp.community, version: version)
                    do { return (device, try await poller.read(target)) } catch { return (device, nil) }
                }
            }
            for _ in 0..<min(limit, devices.count) { launch() }
            for await (device, reading) in group {
                if let reading {
                    readings.append(UploadedReading(deviceID: device.deviceID, commandID: command.commandID,
                                                    snmp: device.snmp, reading: reading))
                } else {
                    unreachable.append(device.deviceID)
                }
                launch()
            }
        }
        readings.sort { ($0.deviceID ?? 0) < ($1.deviceID ?? 0) }
        unreachable.sort()
        return (readings, unreachable, "\(readings.count) of \(devices.count) device(s) read, \(unreachable.count) unreachable")
    }

    static func snmpVersion(_ text: String) -> SNMPVersion? {
        switch text {
        case "1": return .v1
        case "2c", "2": return .v2c
        default: return nil
        }
    }
}

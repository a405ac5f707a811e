import Foundation

/// Turns what was fetched from one device into its reading. Pure: the same view always gives the
/// same reading, so recordings test exactly what the agent does live.
public enum ReadingBuilder {
    /// Builds the reading of `view` read with `driver`.
    public static func build(view: MIBView, driver: Driver, address: String, collectedAt: Date) -> Reading {
        let sysObjectID: String? = {
            if case .objectIdentifier(let oid)? = view[StandardOIDs.sysObjectID] { return oid.description }
            return nil
        }()
        return Reading(
            address: address,
            sysObjectID: sysObjectID,
            description: DeviceIdentity.text(view, StandardOIDs.sysDescr),
            manufacturer: driver.vendor ?? DeviceIdentity.manufacturer(view, driver: driver),
            model: DeviceIdentity.model(view, driver: driver),
            serialNumber: DeviceIdentity.serial(view, driver: driver),
            macAddress: DeviceIdentity.macAddress(view),
            location: DeviceIdentity.text(view, StandardOIDs.sysLocation),
            firmware: DeviceIdentity.firmware(view, driver: driver),
            inventoryNumber: DeviceIdentity.inventory(view, driver: driver),
            status: DeviceIdentity.status(view),
            counters: counters(view, driver: driver),
            supplies: supplies(view, driver: driver),
            alerts: alerts(view),
            trays: trays(view),
            collectedAt: collectedAt)
    }

    /// Row index as dotted text ("1.1").
    static func indexText(_ index: [UInt32]) -> String { index.map(String.init).joined(separator: ".") }

    /// Total = sum of prtMarkerLifeCount over markers; the driver's private counters fill the rest,
    /// and the total too when no marker counter was recorded. A rule counts only when every object
    /// it sums answered, so a partial sum is never shown as a count.
    public static func counters(_ view: MIBView, driver: Driver) -> Counters {
        var result = Counters()
        let markers = view.column(StandardOIDs.prtMarkerLifeCount).compactMap { $0.value.integerValue }
        if !markers.isEmpty { result.total = markers.reduce(0, +) }
        for rule in driver.counters {
            let values = rule.oids.compactMap { view[$0]?.integerValue }
            guard !rule.oids.isEmpty, values.count == rule.oids.count else { continue }
            let sum = values.reduce(0, +)
            switch rule.counter {
            case .total: if result.total == nil { result.total = sum }
            case .mono: result.mono = sum
            case .color: result.color = sum
            case .print: result.print = sum
            case .copy: result.copy = sum
            case .fax: result.fax = sum
            case .scan: result.scan = sum
            }
        }
        return result
    }

    /// prtMarkerSuppliesTable rows in index order, with states by `SupplyRules`.
    public static func supplies(_ view: MIBView, driver: Driver) -> [Supply] {
        func column(_ oid: OID) -> [[UInt32]: SNMPValue] {
            Dictionary(view.column(oid).map { ($0.index, $0.value) }) { a, _ in a }
        }
        let descriptions = column(StandardOIDs.prtMarkerSuppliesDescription)
        let types = column(StandardOIDs.prtMarkerSuppliesType)
        let classes = column(StandardOIDs.prtMarkerSuppliesClass)
        let units = column(StandardOIDs.prtMarkerSuppliesSupplyUnit)
        let maxima = column(StandardOIDs.prtMarkerSuppliesMaxCapacity)
        let levels = column(StandardOIDs.prtMarkerSuppliesLevel)
        let colorants = column(StandardOIDs.prtMarkerSuppliesColorantIndex)
        var rows = Set(descriptions.keys).union(types.keys).union(levels.keys).union(maxima.keys)
        rows.formUnion(classes.keys)
        let quirks = Set(driver.quirks)
        return rows.sorted { $0.lexicographicallyPrecedes($1) }.map { index in
            let description = descriptions[index]?.bytes.flatMap(TextRepair.clean)
            let type = types[index]?.integerValue
            let supplyClass = classes[index]?.integerValue
            let unit = units[index]?.integerValue
            let maxCapacity = maxima[index]?.integerValue
            let level = levels[index]?.integerValue
            let receptacle = SupplyRules.isReceptacle(supplyClass: supplyClass, type: type)
            let (percent, state) = SupplyRules.evaluate(level: level, maxCapacity: maxCapacity, unit: unit,
                                                        isReceptacle: receptacle, quirks: quirks)
            return Supply(index: indexText(index), description: description,
                          type: type.map { PrinterEnums.supplyType[$0] ?? "unknown" },
                          color: colour(view, row: index, colorant: colorants[index]?.integerValue, description: description),
                          supplyClass: supplyClass.map { PrinterEnums.supplyClass[$0] ?? "unknown" },
                          unit: unit.map { PrinterEnums.supplyUnit[$0] ?? "unknown" },
                          maxCapacity: maxCapacity, level: level, percent: percent, state: state,
                          serialNumber: description.flatMap(TextRepair.embeddedSerial))
        }
    }

    /// The colorant row's name (same hrDeviceIndex, prtMarkerSuppliesColorantIndex), else the colour
    /// the description names. Index 0 means "no colorant" (RFC 3805).
    static func colour(_ view: MIBView, row: [UInt32], colorant: Int64?, description: String?) -> String? {
        if let colorant, colorant > 0, let device = row.first,
           let name = DeviceIdentity.text(view, StandardOIDs.prtMarkerColorantValue.appending(device, UInt32(colorant))),
           let colour = TextRepair.colourName(name), colour != "unknown", colour != "other" {
            return colour
        }
        return description.flatMap(TextRepair.colour(fromDescription:))
    }

    /// prtInputTable rows: name, type, media, capacity, level and what the level means.
    public static func trays(_ view: MIBView) -> [Tray] {
        func column(_ oid: OID) -> [[UInt32]: SNMPValue] {
            Dictionary(view.column(oid).map { ($0.index, $0.value) }) { a, _ in a }
        }
        let names = column(StandardOIDs.prtInputName), types = column(StandardOIDs.prtInputType)
        let media = column(StandardOIDs.prtInputMediaName), maxima = column(StandardOIDs.prtInputMaxCapacity)
        let levels = column(StandardOIDs.prtInputCurrentLevel)
        let rows = Set(names.keys).union(types.keys).union(maxima.keys).union(levels.keys)
        return rows.sorted { $0.lexicographicallyPrecedes($1) }.map { index in
            let maxCapacity = maxima[index]?.integerValue, level = levels[index]?.integerValue
            return Tray(index: indexText(index), name: names[index]?.bytes.flatMap(TextRepair.clean),
                        type: types[index]?.integerValue.map { PrinterEnums.inputType[$0] ?? "unknown" },
                        media: media[index]?.bytes.flatMap(TextRepair.clean),
                        maxCapacity: maxCapacity, level: level,
                        state: SupplyRules.trayState(level: level, maxCapacity: maxCapacity))
        }
    }

    /// prtAlertTable rows with severity, group and code named.
    public static func alerts(_ view: MIBView) -> [Alert] {
        func column(_ oid: OID) -> [[UInt32]: SNMPValue] {
            Dictionary(view.column(oid).map { ($0.index, $0.value) }) { a, _ in a }
        }
        let severities = column(StandardOIDs.prtAlertSeverityLevel), groups = column(StandardOIDs.prtAlertGroup)
        let codes = column(StandardOIDs.prtAlertCode), descriptions = column(StandardOIDs.prtAlertDescription)
        let rows = Set(severities.keys).union(codes.keys).union(groups.keys)
        return rows.sorted { $0.lexicographicallyPrecedes($1) }.map { index in
            let code = codes[index]?.integerValue
            return Alert(index: indexText(index),
                         severity: severities[index]?.integerValue.map { PrinterEnums.alertSeverity[$0] ?? "other" },
                         code: code.map { PrinterEnums.alertCode[$0] ?? "other" },
                         group: groups[index]?.integerValue.map { PrinterEnums.alertGroup[$0] ?? "other" },
                         description: descriptions[index]?.bytes.flatMap(TextRepair.clean),
                         rawCode: code)
        }
    }
}

/// Who a device is, from a view, by EXPECTED.json's rules: standard objects first, then the
/// driver's vendor objects in its priority order, then what sysDescr or a 1284 device ID says.
public enum DeviceIdentity {
    /// Text of an OCTET STRING, cleaned; nil when absent or empty.
    static func text(_ view: MIBView, _ oid: OID) -> String? {
        view[oid]?.bytes.flatMap(TextRepair.clean)
    }

    /// prtGeneralSerialNumber.1, else the driver's serial objects, else "SN:"/"S/N" in sysDescr.
    public static func serial(_ view: MIBView, driver: Driver) -> String? {
        for oid in [StandardOIDs.prtGeneralSerialNumber] + driver.identity.serial {
            if let serial = text(view, oid) { return serial }
        }
        guard let descr = text(view, StandardOIDs.sysDescr) else { return nil }
        return serialInDescription(descr)
    }

    /// "SN:VNCRC48198," or "S/N VNCRC48198" inside a sysDescr.
    static func serialInDescription(_ descr: String) -> String? {
        for marker in ["SN:", "S/N:", "S/N"] {
            guard let range = descr.range(of: marker) else { continue }
            let rest = descr[range.upperBound...].drop { $0 == " " }
            let serial = rest.prefix { !$0.isWhitespace && $0 != "," && $0 != ";" }
            if !serial.isEmpty { return String(serial) }
        }
        return nil
    }

    /// prtGeneralSerialNumber.1 as text, if the view has it (then no vendor serial object is needed).
    public static func standardSerial(_ view: MIBView) -> String? { text(view, StandardOIDs.prtGeneralSerialNumber) }

    /// The model the standard objects give (the printer row's hrDeviceDescr, else prtGeneralPrinterName.1),
    /// if the view has it (then no vendor model object or device ID is needed).
    public static func standardModel(_ view: MIBView) -> String? {
        if let index = printerDeviceIndex(view), let descr = text(view, StandardOIDs.hrDeviceDescr.appending(index)) {
            return descr
        }
        return text(view, StandardOIDs.prtGeneralPrinterName)
    }

    /// The hrDeviceTable index of the first row of type printer.
    static func printerDeviceIndex(_ view: MIBView) -> [UInt32]? {
        view.column(StandardOIDs.hrDeviceType).first { $0.value == .objectIdentifier(StandardOIDs.hrDevicePrinter) }?.index
    }

    /// hrDeviceDescr of the first printer row, prtGeneralPrinterName.1, the driver's model objects,
    /// MDL:/MODEL: of a device ID, else sysDescr up to the first ";" or ",".
    public static func model(_ view: MIBView, driver: Driver) -> String? {
        if let index = printerDeviceIndex(view), let descr = text(view, StandardOIDs.hrDeviceDescr.appending(index)) {
            return descr
        }
        for oid in [StandardOIDs.prtGeneralPrinterName] + driver.identity.model {
            if let model = text(view, oid) { return model }
        }
        for oid in driver.identity.deviceID {
            if let id = text(view, oid), let model = TextRepair.deviceIDField(id, keys: ["MDL", "MODEL"]) { return model }
        }
        guard let descr = text(view, StandardOIDs.sysDescr) else { return nil }
        let head = descr.prefix { $0 != ";" && $0 != "," }.trimmingWhitespace()
        return head.isEmpty ? nil : head
    }

    /// MFG:/MANUFACTURER: of a device ID, for devices only the generic driver knows.
    public static func manufacturer(_ view: MIBView, driver: Driver) -> String? {
        for oid in driver.identity.deviceID {
            if let id = text(view, oid), let name = TextRepair.deviceIDField(id, keys: ["MFG", "MANUFACTURER"]) { return name }
        }
        return nil
    }

    /// The first of the driver's firmware objects that holds text.
    public static func firmware(_ view: MIBView, driver: Driver) -> String? {
        driver.identity.firmware.lazy.compactMap { text(view, $0) }.first
    }

    /// The first of the driver's inventory (asset number) objects that holds text.
    public static func inventory(_ view: MIBView, driver: Driver) -> String? {
        driver.identity.inventory.lazy.compactMap { text(view, $0) }.first
    }

    /// IANAifType values that are Ethernet: ethernetCsmacd(6) and the types RFC 3635 deprecated in its
    /// favour, which older boards still report — iso88023Csmacd(7) (a Brother board, a FUJIFILM
    /// copier), fastEther(62), fastEtherFX(69), gigabitEthernet(117).
    public static func isEthernet(_ ifType: Int64?) -> Bool {
        guard let ifType else { return false }
        return [6, 7, 62, 69, 117].contains(ifType)
    }

    /// ifPhysAddress of the lowest ifIndex with a 6-byte non-zero address, preferring an Ethernet
    /// interface (`isEthernet`) that is up, then any Ethernet one, then any.
    public static func macAddress(_ view: MIBView) -> String? {
        let types = Dictionary(view.column(StandardOIDs.ifType).map { ($0.index, $0.value.integerValue) }) { a, _ in a }
        let up = Dictionary(view.column(StandardOIDs.ifOperStatus).map { ($0.index, $0.value.integerValue) }) { a, _ in a }
        let candidates = view.column(StandardOIDs.ifPhysAddress).compactMap { row -> ([UInt32], [UInt8])? in
            guard let bytes = row.value.bytes, bytes.count == 6, bytes.contains(where: { $0 != 0 }) else { return nil }
            return (row.index, bytes)
        }.sorted { $0.0.lexicographicallyPrecedes($1.0) }
        let chosen = candidates.first { isEthernet(types[$0.0] ?? nil) && up[$0.0] == 1 }
            ?? candidates.first { isEthernet(types[$0.0] ?? nil) }
            ?? candidates.first
        return chosen.map { $0.1.map { byte in hex2(byte) }.joined(separator: ":") }
    }

    static func hex2(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    /// The hrDeviceTable/hrPrinterTable row `status` reads: the first row typed printer, else the
    /// first hrPrinterTable row. A repeat poll re-fetches the status columns at this row only.
    public static func statusRow(_ view: MIBView) -> [UInt32]? {
        printerDeviceIndex(view)
            ?? view.column(StandardOIDs.hrPrinterDetectedErrorState).first?.index
            ?? view.column(StandardOIDs.hrPrinterStatus).first?.index
    }

    /// hrDeviceStatus/hrPrinterStatus/hrPrinterDetectedErrorState of the printer row: the first row
    /// typed printer, else the first hrPrinterTable row (some devices leave hrDeviceType out).
    public static func status(_ view: MIBView) -> DeviceStatus {
        guard let index = statusRow(view) else { return DeviceStatus() }
        let device = view[StandardOIDs.hrDeviceStatus.appending(index)]?.integerValue
        let printer = view[StandardOIDs.hrPrinterStatus.appending(index)]?.integerValue
        let errors = view[StandardOIDs.hrPrinterDetectedErrorState.appending(index)]?.bytes ?? []
        return DeviceStatus(device: device.map { PrinterEnums.deviceStatus[$0] ?? "unknown" },
                            printer: printer.map { PrinterEnums.printerStatus[$0] ?? "unknown" },
                            errors: PrinterEnums.errorFlags(errors))
    }
}

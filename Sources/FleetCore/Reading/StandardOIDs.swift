/// Object identifiers of the standard MIBs a reading is built from. Sources: RFC 1213 (MIB-II system
/// and interfaces), RFC 2790 (HOST-RESOURCES-MIB), RFC 3805 (Printer MIB v2). Columns are given
/// without their row index; scalars of a table with one row (prtGeneral) carry the `.1` row.
public enum StandardOIDs {
    // MIB-II system group (RFC 1213).
    public static let sysDescr: OID = "1.3.6.1.2.1.1.1.0"
    public static let sysObjectID: OID = "1.3.6.1.2.1.1.2.0"
    public static let sysLocation: OID = "1.3.6.1.2.1.1.6.0"

    // ifTable columns (RFC 1213).
    public static let ifType: OID = "1.3.6.1.2.1.2.2.1.3"
    public static let ifPhysAddress: OID = "1.3.6.1.2.1.2.2.1.6"
    public static let ifOperStatus: OID = "1.3.6.1.2.1.2.2.1.8"

    // hrDeviceTable and hrPrinterTable columns (RFC 2790).
    public static let hrDeviceType: OID = "1.3.6.1.2.1.25.3.2.1.2"
    public static let hrDeviceDescr: OID = "1.3.6.1.2.1.25.3.2.1.3"
    public static let hrDeviceStatus: OID = "1.3.6.1.2.1.25.3.2.1.5"
    public static let hrPrinterStatus: OID = "1.3.6.1.2.1.25.3.5.1.1"
    public static let hrPrinterDetectedErrorState: OID = "1.3.6.1.2.1.25.3.5.1.2"
    /// hrDevicePrinter, the value of hrDeviceType for a printer row.
    public static let hrDevicePrinter: OID = "1.3.6.1.2.1.25.3.1.5"

    // Printer MIB (RFC 3805).
    public static let printerMIB: OID = "1.3.6.1.2.1.43"
    public static let prtGeneralPrinterName: OID = "1.3.6.1.2.1.43.5.1.1.16.1"
    public static let prtGeneralSerialNumber: OID = "1.3.6.1.2.1.43.5.1.1.17.1"
    public static let prtInputEntry: OID = "1.3.6.1.2.1.43.8.2.1"
    public static let prtInputType: OID = "1.3.6.1.2.1.43.8.2.1.2"
    public static let prtInputMaxCapacity: OID = "1.3.6.1.2.1.43.8.2.1.9"
    public static let prtInputCurrentLevel: OID = "1.3.6.1.2.1.43.8.2.1.10"
    public static let prtInputMediaName: OID = "1.3.6.1.2.1.43.8.2.1.12"
    public static let prtInputName: OID = "1.3.6.1.2.1.43.8.2.1.13"
    public static let prtMarkerCounterUnit: OID = "1.3.6.1.2.1.43.10.2.1.3"
    public static let prtMarkerLifeCount: OID = "1.3.6.1.2.1.43.10.2.1.4"
    public static let prtMarkerSuppliesEntry: OID = "1.3.6.1.2.1.43.11.1.1"
    public static let prtMarkerSuppliesColorantIndex: OID = "1.3.6.1.2.1.43.11.1.1.3"
    public static let prtMarkerSuppliesClass: OID = "1.3.6.1.2.1.43.11.1.1.4"
    public static let prtMarkerSuppliesType: OID = "1.3.6.1.2.1.43.11.1.1.5"
    public static let prtMarkerSuppliesDescription: OID = "1.3.6.1.2.1.43.11.1.1.6"
    public static let prtMarkerSuppliesSupplyUnit: OID = "1.3.6.1.2.1.43.11.1.1.7"
    public static let prtMarkerSuppliesMaxCapacity: OID = "1.3.6.1.2.1.43.11.1.1.8"
    public static let prtMarkerSuppliesLevel: OID = "1.3.6.1.2.1.43.11.1.1.9"
    public static let prtMarkerColorantValue: OID = "1.3.6.1.2.1.43.12.1.1.4"
    public static let prtAlertSeverityLevel: OID = "1.3.6.1.2.1.43.18.1.1.2"
    public static let prtAlertGroup: OID = "1.3.6.1.2.1.43.18.1.1.4"
    public static let prtAlertCode: OID = "1.3.6.1.2.1.43.18.1.1.7"
    public static let prtAlertDescription: OID = "1.3.6.1.2.1.43.18.1.1.8"
}

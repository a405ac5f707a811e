/// How a scan tells printers from everything else (PRODUCT.md "Discovery"): a printer implements
/// the Printer MIB (RFC 3805). An hrDevice row of type printer is not enough: a server with a print
/// queue has one too (the aix_net-snmp recording).
///
/// The scan sends ONE SNMPv1 **GetNext** per address carrying the three `discoveryOIDs`. GetNext
/// rather than Get because v1 answers a Get with noSuchName for the whole PDU as soon as one object
/// is missing, while GetNext on a prefix returns the next existing object: sysDescr.0, sysObjectID.0
/// and the first Printer-MIB object (or, on a non-printer, something after 1.3.6.1.2.1.43, which is
/// how we know it has none). Cost with community "public": 67 bytes of SNMP message per address
/// (41 with the Printer-MIB object alone), 95 bytes on the wire with IPv4 and UDP headers; a
/// silent address costs nothing more. Model, serial and MAC are fetched afterwards from printers
/// only (`identityPlan`).
public enum PrinterDetection {
    /// GetNext these prefixes: the answers are sysDescr.0, sysObjectID.0 and the first object at or
    /// after the Printer MIB.
    public static let discoveryOIDs: [OID] = ["1.3.6.1.2.1.1.1", "1.3.6.1.2.1.1.2", "1.3.6.1.2.1.43"]

    /// The scalars a broadcast discovery settles for every host at once, so that a printer's one answer
    /// usually identifies it without a unicast fetch: sysDescr.0, sysObjectID.0, and the Printer MIB's
    /// name and serial (an answer inside the Printer MIB also proves it). Asked as `broadcastStarts`.
    public static let broadcastScalars: [OID] = [StandardOIDs.sysDescr, StandardOIDs.sysObjectID,
                                                 StandardOIDs.prtGeneralPrinterName, StandardOIDs.prtGeneralSerialNumber]
    /// Where the broadcast's scalar GetNexts start: the parents of sysDescr.0 and sysObjectID.0, and ONE
    /// start for name and serial, the parent of prtGeneralPrinterName. Name (column 16) and serial
    /// (column 17) are neighbours, so the next object after that start is the name, or (far more
    /// often: no recording has one) the serial, which also proves the name absent, or something beyond
    /// both. A separate serial start would repeat the same object in most answers, and every byte of
    /// the broadcast is paid by every host of the subnet.
    public static let broadcastStarts: [OID] = [StandardOIDs.sysDescr, StandardOIDs.sysObjectID,
                                                StandardOIDs.prtGeneralPrinterName].map { OID(Array($0.components.dropLast())) }
    /// The identity columns a unicast identity fetch walks (hrDevice type/descr, interface
    /// type/MAC/status).
    public static let identityColumns: [OID] = [StandardOIDs.hrDeviceType, StandardOIDs.hrDeviceDescr] + interfaceColumns
    /// The interface columns that choose the MAC address (`DeviceIdentity.macAddress`).
    public static let interfaceColumns: [OID] = [StandardOIDs.ifType, StandardOIDs.ifPhysAddress, StandardOIDs.ifOperStatus]
    /// The columns whose first row rides in the broadcast: hrDevice type and descr (the model). Not
    /// the interface columns: every host that answers a broadcast is on the attached link and had
    /// to ARP for us first, so its MAC is in the kernel's neighbour table already (`NeighbourTable`
    /// in the agent) — the address it uses on this network, at no SNMP cost.
    public static let broadcastColumns: [OID] = [StandardOIDs.hrDeviceType, StandardOIDs.hrDeviceDescr]

    /// Whether the answers show a host implementing the Printer MIB.
    public static func isPrinter(_ view: MIBView) -> Bool {
        view.has(StandardOIDs.printerMIB)
    }

    /// What to GET/walk from a printer found by the scan to describe it: identity objects only.
    public static func identityPlan(for driver: Driver) -> (scalars: [OID], subtrees: [OID]) {
        var scalars: [OID] = [StandardOIDs.sysDescr, StandardOIDs.sysObjectID, StandardOIDs.prtGeneralPrinterName,
                              StandardOIDs.prtGeneralSerialNumber]
        for oid in driver.identity.serial + driver.identity.model + driver.identity.deviceID where !scalars.contains(oid) {
            scalars.append(oid)
        }
        return (scalars, identityColumns)
    }
}

/// One printer found by discovery, as `discover --json` prints it.
public struct DiscoveredPrinter: Codable, Sendable, Equatable {
    public var address: String
    public var sysObjectID: String?
    public var description: String?
    public var model: String?
    public var serialNumber: String?
    public var macAddress: String?

    public init(address: String, sysObjectID: String? = nil, description: String? = nil, model: String? = nil,
                serialNumber: String? = nil, macAddress: String? = nil) {
        self.address = address; self.sysObjectID = sysObjectID; self.description = description
        self.model = model; self.serialNumber = serialNumber; self.macAddress = macAddress
    }

    /// Describes the device in `view` with the driver its sysObjectID and sysDescr select.
    public init(address: String, view: MIBView, drivers: DriverSet = .builtin) {
        var oid: String?
        if case .objectIdentifier(let value)? = view[StandardOIDs.sysObjectID] { oid = value.description }
        let description = DeviceIdentity.text(view, StandardOIDs.sysDescr)
        let driver = drivers.driver(forSysObjectID: oid, description: description)
        self.init(address: address, sysObjectID: oid, description: description,
                  model: DeviceIdentity.model(view, driver: driver),
                  serialNumber: DeviceIdentity.serial(view, driver: driver),
                  macAddress: DeviceIdentity.macAddress(view))
    }

    enum CodingKeys: String, CodingKey {
        case address, description, model
        case sysObjectID = "sys_object_id", serialNumber = "serial_number", macAddress = "mac_address"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(address, forKey: .address)
        try c.encode(sysObjectID, forKey: .sysObjectID)
        try c.encode(description, forKey: .description)
        try c.encode(model, forKey: .model)
        try c.encode(serialNumber, forKey: .serialNumber)
        try c.encode(macAddress, forKey: .macAddress)
    }
}

import FleetCore
import SNMP
import Testing
@testable import Agent

/// What the broadcast asks and how an answer and the interface walk are read, on synthetic bindings
/// (OIDs as RFC 1213/2790/3805 define them, values made up). The end-to-end effect on the recordings
/// is in BroadcastDiscoveryTests and Benchmarks/snmp/lan.sh.
@Suite struct PrinterDetectionBroadcastTests {
    static func text(_ s: String) -> SNMPValue { .octetString(Array(s.utf8)) }

    /// One start for name and serial: every host pays each binding of the broadcast.
    @Test func broadcastCarriesOneStartForNameAndSerial() {
        #expect(PrinterDetection.broadcastStarts == ["1.3.6.1.2.1.1.1", "1.3.6.1.2.1.1.2", "1.3.6.1.2.1.43.5.1.1.16"])
        #expect(PrinterDetection.identityColumns.count == 5)
        // No interface column: a host answering a broadcast is on the link, its MAC comes from ARP.
        #expect(PrinterDetection.broadcastColumns == [StandardOIDs.hrDeviceType, StandardOIDs.hrDeviceDescr])
    }

    /// `/proc/net/arp` as Linux writes it: complete entries of the interface only, MACs upper-case.
    @Test func neighbourTableKeepsCompleteEntriesOfOneInterface() {
        let text = """
            IP address       HW type     Flags       HW address            Mask     Device
            10.231.7.3       0x1         0x2         3c:2a:f4:bf:f5:1b     *        eth0
            10.231.7.4       0x1         0x0         00:00:00:00:00:00     *        eth0
            10.231.7.5       0x1         0x6         88:87:17:00:00:01     *        eth0
            192.0.2.9        0x1         0x2         02:00:00:00:00:09     *        eth1
            10.231.7.6       0x1         0x2         garbage               *        eth0
            short line
            """
        #expect(NeighbourTable.parse(text, device: "eth0") == ["10.231.7.3": "3C:2A:F4:BF:F5:1B", "10.231.7.5": "88:87:17:00:00:01"])
        #expect(NeighbourTable.parse(text, device: "eth1") == ["192.0.2.9": "02:00:00:00:00:09"])
        #expect(NeighbourTable.ipv4(device: "eth0", path: "/nonexistent/arp").isEmpty)
        // Two answering hosts behind one MAC (a repeater, proxy ARP): neither gets it; a host that did
        // not answer does not count.
        let table = ["10.0.0.2": "02:00:00:00:00:01", "10.0.0.3": "02:00:00:00:00:01", "10.0.0.4": "02:00:00:00:00:04",
                     "10.0.0.5": "02:00:00:00:00:04", "10.0.0.6": "02:00:00:00:00:06"]
        #expect(NeighbourTable.distinct(table, hosts: ["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.6"])
                == ["10.0.0.4": "02:00:00:00:00:04", "10.0.0.6": "02:00:00:00:00:06"])
    }

    /// The serial answering the name's start proves the name absent and the serial present; an answer
    /// beyond both settles both absent but nothing after it (a vendor serial is still asked).
    @Test func oneBindingSettlesNameAndSerial() {
        let starts = PrinterDetection.broadcastStarts
        let sys: [SNMPVarBind] = [SNMPVarBind("1.3.6.1.2.1.1.1.0", Self.text("X")),
                                  SNMPVarBind("1.3.6.1.2.1.1.2.0", .objectIdentifier("1.3.6.1.4.1.11.2.3.9.1"))]
        let withSerial = ProbedIdentity.read(sys + [SNMPVarBind(StandardOIDs.prtGeneralSerialNumber, Self.text("SN1"))],
                                             starts: starts, columns: [])
        #expect(withSerial.probed.settles(StandardOIDs.prtGeneralPrinterName))
        #expect(withSerial.probed.settles(StandardOIDs.prtGeneralSerialNumber))
        #expect(withSerial.view[StandardOIDs.prtGeneralSerialNumber] == Self.text("SN1"))
        #expect(DeviceIdentity.standardSerial(withSerial.view) == "SN1")

        let beyond = ProbedIdentity.read(sys + [SNMPVarBind("1.3.6.1.2.1.43.8.2.1.9.1.1", .integer(250))],
                                         starts: starts, columns: [])
        #expect(beyond.probed.settles(StandardOIDs.prtGeneralSerialNumber))
        #expect(beyond.view[StandardOIDs.prtGeneralSerialNumber] == nil)
        #expect(PrinterDetection.isPrinter(beyond.view))
        #expect(!beyond.probed.settles("1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0"), "the vendor serial must still be asked")

        // The name answering: the serial behind it is not settled.
        let named = ProbedIdentity.read(sys + [SNMPVarBind(StandardOIDs.prtGeneralPrinterName, Self.text("P"))],
                                        starts: starts, columns: [])
        #expect(named.probed.settles(StandardOIDs.prtGeneralPrinterName))
        #expect(!named.probed.settles(StandardOIDs.prtGeneralSerialNumber))
    }

    /// With a fallback MAC known (interface 1, not Ethernet), only ifType walks on, reading ahead;
    /// once it finds an Ethernet row, ifPhysAddress/ifOperStatus walk up to it; when ifType ends,
    /// the parked cursors end too. Without a fallback all three walk together.
    @Test func interfaceWalkAsksOnlyWhatCanChangeTheMAC() {
        // A wireless interface (ifType 71) first, with a MAC: the fallback, not yet the answer.
        let row1: [(OID, SNMPValue)] = [(StandardOIDs.ifType.appending(1), .integer(71)),
                                        (StandardOIDs.ifPhysAddress.appending(1), .octetString([0x3C, 0x2A, 0xF4, 1, 2, 3])),
                                        (StandardOIDs.ifOperStatus.appending(1), .integer(1))]
        let atRow1 = PrinterDetection.interfaceColumns.map { ($0, $0.appending(1)) }
        let walk = Discoverer.interfaceWalk(atRow1, view: MIBView(row1))
        #expect(walk.ask.map(\.at) == [StandardOIDs.ifType.appending(1), StandardOIDs.ifType.appending(2),
                                       StandardOIDs.ifType.appending(3)])
        #expect(walk.keep.count == 3)

        var ethernetLater = MIBView(row1)
        ethernetLater.set(StandardOIDs.ifType.appending(3), .integer(6))
        let resumed = Discoverer.interfaceWalk([(StandardOIDs.ifType, StandardOIDs.ifType.appending(3))] + atRow1.dropFirst(),
                                               view: ethernetLater)
        #expect(Set(resumed.ask.map(\.column)) == Set(PrinterDetection.interfaceColumns))

        let ended = Discoverer.interfaceWalk(Array(atRow1.dropFirst()), view: MIBView(row1))
        #expect(ended.ask.isEmpty && ended.keep.isEmpty)

        let loopback: [(OID, SNMPValue)] = [(StandardOIDs.ifType.appending(1), .integer(24)),
                                            (StandardOIDs.ifPhysAddress.appending(1), .octetString([]))]
        #expect(Discoverer.interfaceWalk(atRow1, view: MIBView(loopback)).ask.count == 3)
    }
}

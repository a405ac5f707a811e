import FleetCore
import Foundation
import Logging
import SNMP
import Testing
@testable import Agent

/// What the agent makes of one broadcast answer, over real UDP against snmpsim on loopback: the same
/// GetNext a broadcast carries is sent to one recording, then `Discoverer.describe` completes it.
/// With the host's MAC from the neighbour table nothing of the interface table is asked; without
/// one (no ARP entry) the interface columns are walked and the MAC is the one EXPECTED.json gives.
@Suite(.serialized) struct BroadcastAnswerTests {
    /// One responder for the suite (community = recording name), started on first use.
    static let simulator = SuiteSimulator()

    /// The answer to the broadcast's GetNext, then what `describe` printed and the requests it cost.
    static func describe(_ name: String, linkMAC: String?) async throws -> (printer: DiscoveredPrinter?, requests: Int) {
        let simulator = try await Self.simulator.get()
        var options = SNMPClientOptions()
        options.timeout = .seconds(3)
        let client = try SNMPClient(options: options, logger: Logger(label: "broadcast-answer-tests"))
        defer { client.close() }
        let target = SNMPTarget(host: "127.0.0.1", port: UInt16(simulator.port), community: name, version: .v1)
        let starts = PrinterDetection.broadcastStarts, columns = PrinterDetection.broadcastColumns
        let answer = try await client.getNext(starts + columns, from: target).map { SNMPVarBind($0.oid, $0.value) }
        let read = ProbedIdentity.read(answer, starts: starts, columns: columns)
        let before = client.statistics
        let printer = await Discoverer(client: client).describe(target, view: read.view, probed: read.probed, linkMAC: linkMAC)
        return (printer, (client.statistics - before).requestsSent)
    }

    /// Loopback first (JetDirect, Dell), legacy Ethernet type 7 (Brother, FUJIFILM), no interface table (Xerox).
    @Test(arguments: ["jetdirect_m252dw", "dell-laser_s5830dn", "brother", "fujifilmprinter_c7580", "xerox"])
    func macFromTheLinkOrTheInterfaceTable(_ name: String) async throws {
        let want = try Expected.device(name)
        let walked = try await Self.describe(name, linkMAC: nil)
        #expect(walked.printer?.macAddress == Expected.string(want["mac"]), "\(name)")
        #expect(walked.printer?.serialNumber == Expected.string(want["serial"]), "\(name)")
        #expect(walked.printer?.model == Expected.string(want["model"]), "\(name)")

        let linked = try await Self.describe(name, linkMAC: "02:00:5E:00:00:01")
        #expect(linked.printer?.macAddress == "02:00:5E:00:00:01", "\(name)")
        #expect(linked.printer?.serialNumber == walked.printer?.serialNumber, "\(name)")
        #expect(linked.printer?.model == walked.printer?.model, "\(name)")
        #expect(linked.requests <= walked.requests, "\(name): \(linked.requests) vs \(walked.requests) requests")
        if name == "dell-laser_s5830dn" {
            // Its answer is complete but for the MAC (interface 1 is the loopback): the link's MAC saves the walk.
            #expect(linked.requests == 0)
            #expect(walked.requests > 0)
        }
    }

    /// The AIX server (an hrDevice printer row, no Printer MIB) is no printer, MAC or not.
    @Test func aServerIsNoPrinterWhateverItsMAC() async throws {
        #expect(try await Self.describe("aix_net-snmp", linkMAC: "02:00:5E:00:00:02").printer == nil)
    }
}

import Foundation
import Testing

/// The snmpsim harness itself: it starts, listens, and stops.
struct SimulatorTests {
    @Test func startsAndStops() async throws {
        let simulator = try await SNMPSimulator.start(files: [("jetdirect_m880", "jetdirect_m880")])
        #expect(simulator.isRunning)
        simulator.stop()
        #expect(!simulator.isRunning)
    }
}

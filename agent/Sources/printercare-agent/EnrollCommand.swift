import Agent
import ArgumentParser
import Foundation

/// `printercare-agent enroll --server HOST:PORT --token TOKEN`: makes the key pair here, has the
/// server sign it, keeps `agent.key`, `agent.crt`, `ca.crt` and `server.json` in the state directory.
struct EnrollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll",
        abstract: "Enrol this agent with a one-time token (the private key never leaves this machine).",
        discussion: """
            The server's web port usually has a self-signed certificate: enrolment then trusts the \
            certificate it is shown (trust on first use) and prints its SHA-256 fingerprint to compare \
            with the server's. Give --server-ca to verify it instead. http://HOST:PORT enrols over plain HTTP.
            """)

    @Option(help: "The server's web port: HOST:PORT, https://HOST:PORT or http://HOST:PORT") var server: String
    @Option(help: "The one-time enrolment token") var token: String
    @Option(name: .customLong("state-dir"), help: "State directory (default: $PRINTERCARE_AGENT_STATE or /var/lib/printercare-agent)")
    var stateDir: String?
    @Option(name: .customLong("server-ca"), help: "PEM file to verify the web server's certificate against")
    var serverCA: String?

    func run() async throws {
        let endpoint: Enrollment.Endpoint
        do { endpoint = try Enrollment.Endpoint(parsing: server) } catch { throw ValidationError("\(error)") }
        let state = AgentState(directory: stateDir ?? AgentState.defaultDirectory())
        let enrollment = Enrollment(endpoint: endpoint, token: token, state: state, serverCAPath: serverCA)
        let outcome = try await runBlocking { () throws(LinkError) in try enrollment.run() }
        switch outcome {
        case .success(let result):
            if let fingerprint = result.serverFingerprint {
                printError(result.verified
                           ? "server certificate verified (SHA-256 \(fingerprint))"
                           : "server certificate trusted on first use, SHA-256 fingerprint \(fingerprint)")
            }
            print("enrolled: agent \(result.server.agentID) of organization \(result.server.organizationID); "
                  + "gateway \(result.server.host):\(result.server.gatewayPort); state in \(state.directory)")
        case .failure(let error):
            printError("enroll: \(error)")
            throw ExitCode(1)
        }
    }
}

/// Runs blocking work on a thread of its own (never on the cooperative pool) and returns its result.
func runBlocking<T: Sendable>(_ work: @escaping @Sendable () throws(LinkError) -> T) async throws -> Result<T, LinkError> {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: Result { () throws(LinkError) in try work() }) }
        thread.start()
    }
}

import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A small Ethernet LAN in network namespaces of its own (root only), for broadcast discovery.
///
/// A switch namespace holds a bridge; the agent's namespace has `eth0` with `SUBNET.1/24`; each
/// host namespace has `eth0` with its own address and runs snmpsim on `0.0.0.0:161` (so it hears
/// broadcasts) serving one recording as community `public`. Names carry the test process's pid and
/// a counter, so parallel tests and runs never share one. Nothing is configured outside the
/// namespaces: the host's own network is untouched. `stop()` deletes everything; a watchdog shell
/// does the same if the test process dies first.
final class NamespaceLAN: @unchecked Sendable {
    // @unchecked Sendable: immutable after init except `stop`, which one test calls once.
    struct Host: Sendable {
        let recording: String
        let address: String
    }

    let subnet: String
    let agentNamespace: String
    let hosts: [Host]
    private let work: String
    private var stopped = false

    nonisolated(unsafe) private static var counter = 0
    private static let lock = NSLock()

    /// `ip`, wherever this distribution puts it.
    static var ipTool: String? {
        ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Builds the LAN: `recordings[i]` is served on `SUBNET.(i + 2)`. Throws with a clear message when
    /// namespaces cannot be made (not root, no iproute2) — the test fails, it is never skipped.
    static func start(subnet: String, recordings: [String]) async throws -> NamespaceLAN {
        try await offload {
            guard getuid() == 0 else {
                throw SimulatorError(description: "broadcast discovery tests build network namespaces and must run as root (CI does)")
            }
            guard ipTool != nil else {
                throw SimulatorError(description: "broadcast discovery tests need iproute2 (`ip`): see scripts/test-packages.txt")
            }
            try SNMPSimulator.installIfNeeded()
            let serial = lock.withLock { counter += 1; return counter }
            return try NamespaceLAN(tag: "pct\(getpid())n\(serial)", subnet: subnet, recordings: recordings)
        }
    }

    private init(tag: String, subnet: String, recordings: [String]) throws {
        self.subnet = subnet
        agentNamespace = tag + "a"
        hosts = recordings.enumerated().map { Host(recording: $0.element, address: "\(subnet).\($0.offset + 2)") }
        work = FileManager.default.temporaryDirectory.appendingPathComponent("agent-lan-\(tag)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        _ = chmod(work, 0o755)
        for (index, host) in hosts.enumerated() {
            let directory = "\(work)/h\(index + 2)"
            try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: directory + "/cache", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: "\(SNMPSimulator.fixtures)/\(host.recording).snmprec",
                                             toPath: directory + "/data/public.snmprec")
            _ = chmod(directory, 0o755); _ = chmod(directory + "/data", 0o755); _ = chmod(directory + "/cache", 0o777)
        }
        let hostNumbers = hosts.indices.map { String($0 + 2) }.joined(separator: " ")
        // Each host's link address is its recording's MAC (as on the real printer, whose ifPhysAddress
        // is the address it uses on the wire), so a MAC learned by ARP can be checked against EXPECTED.
        let macs = try hosts.indices.map { index -> String in
            let mac = Expected.string(try Expected.device(hosts[index].recording)["mac"]) ?? ""
            return "MAC\(index + 2)=\(mac.lowercased())"
        }.joined(separator: "; ")
        // down.sh: kill the responders' process groups, delete the namespaces (idempotent).
        let script = """
            set -eu
            # Close every inherited descriptor but 0-2: Foundation's Process learns that a child ended
            # from a socket the child inherits, and the long-lived responders must not hold it.
            for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null || true; done
            IP=\(Self.ipTool!)
            TAG=\(tag); WORK=\(work); SUBNET=\(subnet); VENV=\(SNMPSimulator.venv)
            cat > "$WORK/down.sh" <<EOF
            for f in $WORK/h*/pid; do [ -f "\\$f" ] && kill -9 -- -\\$(cat "\\$f") 2>/dev/null; done
            for ns in ${TAG}sw ${TAG}a \(hosts.indices.map { "${TAG}h\($0 + 2)" }.joined(separator: " ")); do
                $IP netns del "\\$ns" 2>/dev/null
            done
            exit 0
            EOF
            # The watchdog: tears the LAN down when this test process is gone.
            setsid bash -c 'while kill -0 \(getpid()) 2>/dev/null && [ -d "$1" ]; do sleep 1; done; [ -d "$1" ] && bash "$1/down.sh" && rm -rf "$1"' \\
                lan-watchdog "$WORK" </dev/null >/dev/null 2>&1 &
            namespace() {
                $IP netns add "$1"
                $IP -n "$1" link set lo up
                $IP netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 \\
                    net.ipv4.ip_unprivileged_port_start=0
            }
            attach() {
                $IP link add eth0 netns "$1" type veth peer name "$2" netns "${TAG}sw"
                $IP -n "${TAG}sw" link set "$2" master br0 up
                $IP -n "$1" addr add "$3" brd + dev eth0
                [ -n "${4:-}" ] && $IP -n "$1" link set eth0 address "$4"
                $IP -n "$1" link set eth0 up
            }
            \(macs)
            namespace ${TAG}sw
            $IP -n ${TAG}sw link add br0 type bridge stp_state 0
            $IP -n ${TAG}sw link set br0 up
            namespace ${TAG}a
            attach ${TAG}a p1 $SUBNET.1/24
            for i in \(hostNumbers); do
                namespace ${TAG}h$i
                eval "mac=\\${MAC$i:-}"
                attach ${TAG}h$i p$i $SUBNET.$i/24 "$mac"
                # snmpsim drops to nobody before it binds: port 161 is opened to it by the sysctl above.
                $IP netns exec ${TAG}h$i setsid "$VENV/bin/snmpsim-command-responder" --data-dir="$WORK/h$i/data" \\
                    --cache-dir="$WORK/h$i/cache" --agent-udpv4-endpoint=0.0.0.0:161 \\
                    --process-user=nobody --process-group=nogroup </dev/null >/dev/null 2>"$WORK/h$i/log" &
                echo $! > "$WORK/h$i/pid"
            done
            """
        let setup = try runToolBlocking("/bin/bash", ["-c", script], includeErrors: true)
        guard setup.status == 0 else {
            stop()
            throw SimulatorError(description: "cannot build the namespace LAN (root and iproute2 are needed):\n\(setup.output)")
        }
        try waitUntilListening()
    }

    private func waitUntilListening() throws {
        let deadline = Date().addingTimeInterval(60)
        for index in hosts.indices {
            let log = "\(work)/h\(index + 2)/log"
            while true {
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                if text.contains("Listening at") { break }
                if Date() > deadline {
                    stop()
                    throw SimulatorError(description: "snmpsim did not start in \(hosts[index].address):\n\(text)")
                }
                usleep(100_000)
            }
        }
    }

    /// Runs `printercare-agent arguments…` inside the agent's namespace.
    func agent(_ arguments: [String], timeout: Double = 60) async throws -> AgentCLI.Outcome {
        try await AgentCLI.run(arguments, timeout: timeout, wrapper: [Self.ipTool ?? "ip", "netns", "exec", agentNamespace])
    }

    /// Deletes the namespaces and the responders; idempotent.
    func stop() {
        guard !stopped else { return }
        stopped = true
        _ = try? runToolBlocking("/bin/bash", ["\(work)/down.sh"])
        try? FileManager.default.removeItem(atPath: work)
    }
}

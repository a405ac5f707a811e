import Foundation

/// Foundation's `Process` on Linux lets a child inherit every descriptor the test process has open
/// at that moment — including the pipes other tests, on other threads, have just made for their own
/// children. A long-lived child (a server, a simulator, its watchdog shell) then holds the write end
/// of someone else's output pipe, and that test's `readDataToEndOfFile` never sees end-of-file: the
/// whole test run hangs (seen: a `tokens create` reader waiting on a pipe the SNMP simulator's watchdog
/// had inherited). So every test child starts through bash, which closes descriptors above 2 and then
/// execs the real program: what the child keeps is exactly its standard input, output and error.
public enum CleanLaunch {
    /// The bash prelude: close every inherited descriptor above 2, then exec the arguments.
    static let prelude = #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null; exec "$@""#

    /// Sets `process` to run `executable arguments…` with only descriptors 0–2 inherited.
    public static func configure(_ process: Process, executable: String, arguments: [String]) {
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", prelude, "bash", executable] + arguments
    }
}

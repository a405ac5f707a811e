import Foundation
import Synchronization

/// Wakes an agent's long poll when a command for it is queued (or it is revoked), in this process;
/// the server's `NotificationListener` turns PostgreSQL notifications from every process into calls
/// of `signal`. A waiter registers BEFORE it looks at the queue, so a signal that arrives between its
/// look and its wait is not lost.
public final class CommandNotifier: Sendable {
    private enum Waiter {
        case registered(signaled: Bool)
        case waiting(CheckedContinuation<Void, Never>)
    }
    private let waiters = Mutex<[Int64: [UUID: Waiter]]>([:])

    public init() {}

    /// A place in the queue of `agentID`'s waiters; `wait` on it, then it is gone.
    public struct Ticket: Sendable {
        let agentID: Int64
        let id: UUID
    }

    public func register(_ agentID: Int64) -> Ticket {
        let ticket = Ticket(agentID: agentID, id: UUID())
        waiters.withLock { $0[agentID, default: [:]][ticket.id] = .registered(signaled: false) }
        return ticket
    }

    /// Returns when `ticket`'s agent was signalled since `register`, or after `timeout`.
    public func wait(_ ticket: Ticket, timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow: Bool = self.waiters.withLock { all in
                        switch all[ticket.agentID]?[ticket.id] {
                        case .registered(signaled: false)?:
                            all[ticket.agentID]?[ticket.id] = .waiting(continuation)
                            return false
                        default:
                            return true  // already signalled, or already timed out and removed
                        }
                    }
                    if resumeNow { continuation.resume() }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.finish(ticket)
            }
            await group.next()
            group.cancelAll()
            finish(ticket)
        }
    }

    /// Gives up a ticket that will not be waited on.
    public func cancel(_ ticket: Ticket) { finish(ticket) }

    /// Wakes every waiter of `agentID`.
    public func signal(_ agentID: Int64) {
        let continuations: [CheckedContinuation<Void, Never>] = waiters.withLock { all in
            guard var mine = all[agentID] else { return [] }
            var found: [CheckedContinuation<Void, Never>] = []
            for (id, waiter) in mine {
                switch waiter {
                case .registered: mine[id] = .registered(signaled: true)
                case .waiting(let continuation): found.append(continuation); mine[id] = nil
                }
            }
            all[agentID] = mine.isEmpty ? nil : mine
            return found
        }
        for continuation in continuations { continuation.resume() }
    }

    /// Wakes everyone (after the listener reconnected and may have missed notifications).
    public func signalAll() {
        for agentID in waiters.withLock({ Array($0.keys) }) { signal(agentID) }
    }

    /// Removes the ticket, resuming its continuation if it is still waiting.
    private func finish(_ ticket: Ticket) {
        let continuation: CheckedContinuation<Void, Never>? = waiters.withLock { all in
            let waiter = all[ticket.agentID]?.removeValue(forKey: ticket.id)
            if all[ticket.agentID]?.isEmpty == true { all[ticket.agentID] = nil }
            if case .waiting(let continuation)? = waiter { return continuation }
            return nil
        }
        continuation?.resume()
    }

    /// How many long polls are waiting (for metrics and tests).
    public var waitingCount: Int { waiters.withLock { $0.values.reduce(0) { $0 + $1.count } } }
}

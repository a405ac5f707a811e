import Foundation
import Logging
import Synchronization

/// PostgreSQL LISTEN on a connection of its own, served by a thread of its own: every notification on
/// the channels goes to `handler` (channel, payload). When the connection breaks it reconnects after
/// a second and calls `handler` with the channel "" — notifications may have been missed, so whoever
/// waits on them should look at the tables again. This is how one server process learns of a command
/// queued, or an agent revoked, through another.
public final class NotificationListener: Sendable {
    /// Shared with the thread (which must not keep the listener itself alive).
    private final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }
    private let flag = Flag()

    public init(database: Database, channels: [String], handler: @escaping @Sendable (String, String) -> Void) {
        let url = database.url, logger = database.logger
        let flag = self.flag
        let thread = Thread {
            var first = true
            while !flag.value.load(ordering: .relaxed) {
                do {
                    let connection = try PostgresConnection(url: url)
                    for channel in channels where Self.isPlainName(channel) {
                        try connection.script("LISTEN \(channel)")
                    }
                    if !first { handler("", "") }
                    first = false
                    while !flag.value.load(ordering: .relaxed) {
                        for (channel, payload) in try connection.waitForNotifications(timeoutMilliseconds: 500) {
                            handler(channel, payload)
                        }
                    }
                } catch {
                    logger.warning("notification listener: \(error); reconnecting")
                    first = false
                    Thread.sleep(forTimeInterval: 1)
                }
            }
        }
        thread.name = "printercare-listen"
        thread.start()
    }

    /// Ends the listening thread within half a second.
    public func stop() { flag.value.store(true, ordering: .relaxed) }

    deinit { stop() }

    /// Channel names go into `LISTEN` as identifiers: only lower-case letters, digits and underscores.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }
}

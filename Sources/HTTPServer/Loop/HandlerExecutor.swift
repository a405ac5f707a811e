import Foundation

/// The threads async handlers run on: a task executor of the server's own (SE-0417), so that request
/// handling never waits for Swift's shared cooperative pool (one thread per core), which anything else
/// in the process — a blocking library call, a report, a test — may be occupying.
///
/// Jobs run in FIFO order on `threadCount` threads. A handler that awaits elsewhere (the database pool's
/// threads) gives its thread back while it waits.
final class HandlerExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable: `queue` and `head` are only touched with `condition` locked.
    private let condition = NSCondition()
    private var queue: [UnownedJob] = []
    private var head = 0
    private var stopping = false

    init(threadCount: Int) {
        for index in 0..<threadCount {
            let thread = Thread { [self] in work() }
            thread.name = "http-handler-\(index)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        if stopping {
            // A handler still finishing after the server stopped: give its job a thread of its own.
            condition.unlock()
            let executor = asUnownedTaskExecutor()
            Thread { unowned.runSynchronously(on: executor) }.start()
            return
        }
        queue.append(unowned)
        condition.signal()
        condition.unlock()
    }

    /// Lets the threads end once the queue is empty (the server has stopped).
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func work() {
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while head == queue.count {
                if stopping {
                    condition.unlock()
                    return
                }
                condition.wait()
            }
            let job = queue[head]
            head += 1
            // Compact now and then instead of removing from the front on every job.
            if head > 1024 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: executor)
        }
    }
}

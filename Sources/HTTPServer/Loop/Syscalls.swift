import CLinux
import Glibc

/// The outcome of a non-blocking call: done with a value, or the kernel said "try later" (EAGAIN).
enum IOResult<T> {
    case done(T)
    case wouldBlock
}

/// The single place that calls the kernel for sockets, epoll, eventfd and signals (swift-nio's System.swift
/// shape). Every call goes through `call`: EINTR is retried, EAGAIN becomes `.wouldBlock`, EBADF and EFAULT
/// are our own bug and stop the process, everything else throws an error naming the call and errno.
enum Syscalls {
    @inline(__always)
    static func call<T: FixedWidthInteger>(_ name: StaticString, _ body: () -> T) throws(HTTPServerError) -> IOResult<T> {
        while true {
            let result = body()
            if result >= 0 { return .done(result) }
            let err = errno
            switch err {
            case EINTR: continue
            case EAGAIN: return .wouldBlock
            case EBADF, EFAULT: preconditionFailure("\(name) failed with errno \(err): a bug in the event loop")
            default: throw .syscall(String(describing: name), err)
            }
        }
    }

    /// Like `call`, for calls that never legitimately block.
    @inline(__always) @discardableResult
    static func must<T: FixedWidthInteger>(_ name: StaticString, _ body: () -> T) throws(HTTPServerError) -> T {
        switch try call(name, body) {
        case .done(let value): return value
        case .wouldBlock: throw .syscall(String(describing: name), EAGAIN)
        }
    }

    // MARK: descriptors

    static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) throws(HTTPServerError) -> IOResult<Int> {
        try call("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    static func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws(HTTPServerError) -> IOResult<Int> {
        // MSG_NOSIGNAL: a peer that went away must not raise SIGPIPE in the whole process.
        try call("send") { Glibc.send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)) }
    }

    static func shutdownWrite(_ fd: Int32) { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }

    // MARK: listening sockets

    /// A free port for `host`, found by binding a socket *without* SO_REUSEPORT to port 0.
    ///
    /// Why not let the first SO_REUSEPORT listener bind port 0: the kernel may then hand out a port that
    /// another SO_REUSEPORT listener of the same user already has (another server in the same process,
    /// as in the tests), and the two would silently share connections. A port found this way was in
    /// nobody's use; the listeners bind it explicitly right after.
    static func freePort(host: String) throws(HTTPServerError) -> Int {
        let probe = try listen(host: host, port: 0, backlog: 1, reusePort: false)
        defer { close(probe) }
        return try localPort(probe)
    }

    /// A non-blocking TCP listener bound to `host:port`, with SO_REUSEPORT so each loop can own one.
    static func listen(host: String, port: Int, backlog: Int32 = 1024, reusePort: Bool = true) throws(HTTPServerError) -> Int32 {
        var v6 = sockaddr_in6()
        var v4 = sockaddr_in()
        let isV6 = host.contains(":")
        if isV6 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = UInt16(port).bigEndian
            guard inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 else { throw .syscall("inet_pton(\(host))", EINVAL) }
        } else {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = UInt16(port).bigEndian
            guard inet_pton(AF_INET, host, &v4.sin_addr) == 1 else { throw .syscall("inet_pton(\(host))", EINVAL) }
        }
        let family = isV6 ? AF_INET6 : AF_INET
        let fd = try must("socket") { socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        do {
            var one: Int32 = 1
            let size = socklen_t(MemoryLayout<Int32>.size)
            try must("setsockopt(SO_REUSEADDR)") { setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, size) }
            if reusePort { try must("setsockopt(SO_REUSEPORT)") { setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, size) } }
            if isV6 {
                try must("bind") { withUnsafePointer(to: &v6) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } } }
            } else {
                try must("bind") { withUnsafePointer(to: &v4) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } }
            }
            try must("listen") { Glibc.listen(fd, backlog) }
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// The port a socket is bound to (used after binding port 0).
    static func localPort(_ fd: Int32) throws(HTTPServerError) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        try must("getsockname") { withUnsafeMutablePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } } }
        let family = storage.ss_family
        return withUnsafePointer(to: &storage) { pointer in
            if family == sa_family_t(AF_INET6) {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }

    /// Accepts one connection, non-blocking and close-on-exec, with TCP_NODELAY set; returns the peer's address.
    static func accept(_ listener: Int32) throws(HTTPServerError) -> IOResult<(fd: Int32, peer: String)> {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = try call("accept4") {
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    accept4(listener, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
                }
            }
        }
        guard case .done(let fd) = result else { return .wouldBlock }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return .done((fd, describe(storage)))
    }

    private static func describe(_ storage: sockaddr_storage) -> String {
        var copy = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        return withUnsafePointer(to: &copy) { pointer -> String in
            if storage.ss_family == sa_family_t(AF_INET6) {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var raw = address.pointee.sin6_addr
                    inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
                    return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                var raw = address.pointee.sin_addr
                inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
                return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
    }

    /// A descriptor kept in reserve so that, when the process runs out of descriptors (EMFILE), the
    /// accept loop can free one, accept the waiting connection and close it instead of spinning.
    static func openReserve() -> Int32 { open("/dev/null", O_RDONLY | O_CLOEXEC) }

    // MARK: epoll and eventfd

    static func epollCreate() throws(HTTPServerError) -> Int32 {
        try must("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
    }

    /// epoll's flags under our names, so that no other file needs the C module for them.
    enum Event {
        static let input = EPOLLIN.rawValue
        static let output = EPOLLOUT.rawValue
        static let readHangup = EPOLLRDHUP.rawValue
        static let error = EPOLLERR.rawValue
        static let hangup = EPOLLHUP.rawValue
    }

    static let edgeTriggeredReadWrite = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue

    /// The result buffer of `epoll_wait`, owned by one loop and freed with it.
    final class EpollEvents {
        fileprivate let buffer: UnsafeMutableBufferPointer<epoll_event>
        init(capacity: Int) { buffer = .allocate(capacity: capacity) }
        deinit { buffer.deallocate() }
        func token(at index: Int) -> UInt64 { buffer[index].data.u64 }
        func flags(at index: Int) -> UInt32 { buffer[index].events }
    }

    static func epollAdd(_ epfd: Int32, fd: Int32, events: UInt32, token: UInt64) throws(HTTPServerError) {
        var event = epoll_event(events: events, data: epoll_data_t(u64: token))
        try must("epoll_ctl(ADD)") { epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event) }
    }

    static func epollModify(_ epfd: Int32, fd: Int32, events: UInt32, token: UInt64) throws(HTTPServerError) {
        var event = epoll_event(events: events, data: epoll_data_t(u64: token))
        try must("epoll_ctl(MOD)") { epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &event) }
    }

    static func epollRemove(_ epfd: Int32, fd: Int32) {
        _ = epoll_ctl(epfd, EPOLL_CTL_DEL, fd, nil)
    }

    /// Waits for events; returns how many were written into `events` (0 on timeout).
    static func epollWait(_ epfd: Int32, _ events: EpollEvents, timeoutMs: Int32) throws(HTTPServerError) -> Int {
        switch try call("epoll_wait", { epoll_wait(epfd, events.buffer.baseAddress, Int32(events.buffer.count), timeoutMs) }) {
        case .done(let count): return Int(count)
        case .wouldBlock: return 0
        }
    }

    static func eventfdCreate() throws(HTTPServerError) -> Int32 {
        try must("eventfd") { eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC)) }
    }

    static func eventfdSignal(_ fd: Int32) {
        var one: UInt64 = 1
        _ = Glibc.write(fd, &one, 8)
    }

    static func eventfdDrain(_ fd: Int32) {
        var value: UInt64 = 0
        _ = Glibc.read(fd, &value, 8)
    }

    // MARK: signals

    /// Blocks SIGTERM, SIGINT and SIGPIPE for the calling thread and every thread it starts afterwards.
    static func blockTerminationSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits until SIGTERM or SIGINT arrives (they must have been blocked first) and returns its number.
    static func waitForTerminationSignal() -> Int32 {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        var signal: Int32 = 0
        while sigwait(&set, &signal) != 0 {}
        return signal
    }

    /// Monotonic time in nanoseconds (vDSO, no syscall in practice).
    @inline(__always)
    static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

// MARK: client sockets (the blocking HTTP client in Client/)

extension Syscalls {
    /// A non-blocking, close-on-exec TCP socket connected to `host:port` (a name is resolved with
    /// getaddrinfo; each address is tried in turn), with TCP_NODELAY set. The connect itself is
    /// non-blocking and waited for with poll, so `timeoutMs` bounds the whole attempt per address.
    /// Errors name the address and errno (ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH...).
    static func connect(host: String, port: Int, timeoutMs: Int32) throws(HTTPServerError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        // No AI_ADDRCONFIG: on a host with loopback only it would hide 127.0.0.1 from "localhost".
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let list else {
            let reason = String(cString: gai_strerror(status))
            throw .syscall("getaddrinfo(\(host)): \(reason)", status == EAI_SYSTEM ? errno : EINVAL)
        }
        defer { freeaddrinfo(list) }
        var lastError = HTTPServerError.syscall("connect(\(host):\(port))", EHOSTUNREACH)
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let address = entry {
            entry = address.pointee.ai_next
            do {
                return try connect(address.pointee, label: "\(host):\(port)", timeoutMs: timeoutMs)
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private static func connect(_ address: addrinfo, label: String, timeoutMs: Int32) throws(HTTPServerError) -> Int32 {
        let fd = try must("socket") {
            socket(address.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        if Glibc.connect(fd, address.ai_addr, address.ai_addrlen) == 0 { return fd }
        var code = errno
        if code == EINPROGRESS || code == EINTR {
            switch try waitUntilReady(fd, writing: true, timeoutMs: timeoutMs) {
            case false:
                close(fd)
                throw .syscall("connect(\(label)): timed out after \(timeoutMs) ms", ETIMEDOUT)
            case true:
                var failure: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length)
                code = failure
            }
        }
        guard code == 0 else {
            close(fd)
            throw .syscall("connect(\(label))", code)
        }
        return fd
    }

    /// Waits until `fd` is readable (or writable), has an error or hung up: true; false when
    /// `timeoutMs` passed first. EINTR restarts the wait (with the full timeout: callers keep deadlines).
    static func waitUntilReady(_ fd: Int32, writing: Bool, timeoutMs: Int32) throws(HTTPServerError) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(writing ? POLLOUT : POLLIN), revents: 0)
        switch try call("poll", { poll(&entry, 1, max(0, timeoutMs)) }) {
        case .done(let ready): return ready > 0
        case .wouldBlock: return false
        }
    }
}

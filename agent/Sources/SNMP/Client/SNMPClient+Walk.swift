import FleetCore

extension SNMPClient {
    /// Whole subtree: get-bulk for v2c, get-next for v1; stops at the end of the subtree, at
    /// endOfMibView (v1's noSuchName is turned into it by `getNext`), and at a loop (an OID not
    /// increasing) — a broken agent must not keep us walking forever. What came before the stop is
    /// returned.
    public func walk(_ prefix: OID, from target: SNMPTarget) async throws(SNMPError) -> [(oid: OID, value: SNMPValue)] {
        try await walkBindings(prefix, target).map { ($0.oid, $0.value) }
    }

    /// A walk with its own get-bulk max-repetitions. A bulk answer runs past the end of the subtree
    /// by up to max-repetitions - 1 bindings, so a caller that knows a table's size (a driver) saves
    /// traffic by asking for about that many.
    public func walk(_ prefix: OID, maxRepetitions: Int,
                     from target: SNMPTarget) async throws(SNMPError) -> [(oid: OID, value: SNMPValue)] {
        try await walkBindings(prefix, target, maxRepetitions: maxRepetitions).map { ($0.oid, $0.value) }
    }

    func walkBindings(_ prefix: OID, _ target: SNMPTarget, maxRepetitions: Int? = nil) async throws(SNMPError) -> [SNMPVarBind] {
        let repetitions = max(1, maxRepetitions ?? options.maxRepetitions)
        var result: [SNMPVarBind] = []
        var current = prefix
        while true {
            let page: [SNMPVarBind]
            switch target.version {
            case .v2c: page = try await bulk([current], nonRepeaters: 0, maxRepetitions: repetitions, target)
            case .v1: page = try await request(.getNextRequest, [current], target, absent: .endOfMibView)
            }
            guard !page.isEmpty else { return result }
            for bind in page {
                guard !bind.value.isException, bind.oid.isInSubtree(of: prefix) else { return result }
                guard bind.oid > current else {
                    engine.logger.debug("SNMP walk loop", metadata: ["target": "\(target.host)", "oid": "\(bind.oid)"])
                    return result
                }
                result.append(bind)
                current = bind.oid
            }
        }
    }

    /// Several subtrees of one device concurrently (one walk each) and a set of scalars (gets of
    /// `options.scalarsPerRequest`), at most `options.fetchConcurrency` requests at once, merged into a view. The first error fails the whole fetch.
    /// `maxRepetitions` may give a subtree its own get-bulk size (see `walk(_:maxRepetitions:from:)`).
    public func fetch(subtrees: [OID], scalars: [OID], from target: SNMPTarget,
                      maxRepetitions: [OID: Int] = [:]) async throws(SNMPError) -> MIBView {
        let chunkSize = max(1, options.scalarsPerRequest)
        let chunks = stride(from: 0, to: scalars.count, by: chunkSize).map { Array(scalars[$0..<min($0 + chunkSize, scalars.count)]) }
        // One job per subtree walk and per chunk of scalars, at most `fetchConcurrency` at a time:
        // a printer's agent is often single-threaded and drops what it cannot queue.
        let jobs = subtrees.map(FetchJob.walk) + chunks.map(FetchJob.get)
        let outcome = await withTaskGroup(of: Result<[SNMPVarBind], SNMPError>.self) { group in
            var next = 0
            for _ in 0..<min(max(1, options.fetchConcurrency), jobs.count) {
                group.addTask { [job = jobs[next]] in await self.run(job, target, maxRepetitions) }
                next += 1
            }
            var view = MIBView()
            for await part in group {
                switch part {
                case .success(let binds): for bind in binds { view.set(bind.oid, bind.value) }
                case .failure(let error):
                    group.cancelAll()
                    return Result<MIBView, SNMPError>.failure(error)
                }
                if next < jobs.count {
                    group.addTask { [job = jobs[next]] in await self.run(job, target, maxRepetitions) }
                    next += 1
                }
            }
            view.sort()
            return .success(view)
        }
        return try outcome.get()
    }
}

/// One request sequence of a `fetch`.
enum FetchJob: Sendable {
    case walk(OID)
    case get([OID])
}

extension SNMPClient {
    func run(_ job: FetchJob, _ target: SNMPTarget, _ maxRepetitions: [OID: Int]) async -> Result<[SNMPVarBind], SNMPError> {
        await Result { () async throws(SNMPError) in
            switch job {
            case .walk(let subtree): try await walkBindings(subtree, target, maxRepetitions: maxRepetitions[subtree])
            case .get(let oids): try await request(.getRequest, oids, target, absent: .noSuchObject)
            }
        }
    }
}

extension Result where Failure == SNMPError {
    /// Captures an async typed-throwing body (the standard library only offers the synchronous form).
    init(_ body: () async throws(SNMPError) -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

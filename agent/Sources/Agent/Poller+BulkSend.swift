import FleetCore
import SNMP

extension Poller {
    /// Sends a round's GetBulks at once (the scalars' `parents` lead the first one as non-repeaters,
    /// then each request's singles); the answers in the order of `requests`.
    func send(_ requests: [BulkRequest], parents: [OID], to target: SNMPTarget) async throws(SNMPError) -> [[SNMPVarBind]] {
        let outcome = await withTaskGroup(of: (Int, Result<[SNMPVarBind], SNMPError>).self) { group in
            for (number, request) in requests.enumerated() {
                let singles = (number == 0 ? parents : []) + request.singles
                group.addTask {
                    do throws(SNMPError) {
                        // SNMPv1 has no GetBulk: a GetNext of every OID answers as a GetBulk of one repetition.
                        let page = target.version == .v1
                            ? try await client.getNext(singles + request.starts, from: target)
                            : try await client.getBulk(singles + request.starts, nonRepeaters: singles.count,
                                                       maxRepetitions: max(1, request.repetitions), from: target)
                        return (number, .success(page.map { SNMPVarBind($0.oid, $0.value) }))
                    } catch {
                        return (number, .failure(error))
                    }
                }
            }
            var pages = [[SNMPVarBind]](repeating: [], count: requests.count)
            for await (number, result) in group {
                switch result {
                case .success(let page): pages[number] = page
                case .failure(let error):
                    group.cancelAll()
                    return Result<[[SNMPVarBind]], SNMPError>.failure(error)
                }
            }
            return .success(pages)
        }
        return try outcome.get()
    }

    /// Records one GetBulk's answer (without the scalars' bindings) into the coverage, keeping the
    /// bindings inside wanted runs in `view`; whether any cursor got a binding.
    static func record(_ answer: ArraySlice<SNMPVarBind>, of request: BulkRequest,
                       into coverage: inout BulkCoverage, view: inout MIBView) -> Bool {
        let page = Array(answer)
        var progressed = false
        for (index, single) in request.singles.enumerated() where index < page.count {
            for kept in coverage.record(from: single, page[index...index]) { view.set(kept.oid, kept.value) }
            if let close = request.closes[single], page[index].oid == close.last, !page[index].value.isException {
                coverage.assumeEmpty(after: close.last, upTo: close.end)
            }
            progressed = true
        }
        let width = max(1, request.starts.count)
        for (column, start) in request.starts.enumerated() {
            let mine = stride(from: request.singles.count + column, to: page.count, by: width).map { page[$0] }
            progressed = progressed || !mine.isEmpty
            for kept in coverage.record(from: start, mine[...]) { view.set(kept.oid, kept.value) }
            if let close = request.closes[start],
               mine.contains(where: { $0.oid == close.last && !$0.value.isException }) {
                coverage.assumeEmpty(after: close.last, upTo: close.end)
            }
        }
        return progressed
    }
}

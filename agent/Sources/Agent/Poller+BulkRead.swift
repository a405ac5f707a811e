import FleetCore
import SNMP

extension Poller {
    /// The columns of a plan's subtrees that the reading uses: prtMarkerSuppliesEntry and
    /// hrPrinterEntry become the columns `ReadingBuilder` reads (not the marker index), and
    /// prtMarkerCounterUnit, which no reading shows, is left out.
    static func readColumns(_ subtrees: [OID]) -> [OID] {
        var columns: [OID] = []
        for subtree in subtrees where subtree != StandardOIDs.prtMarkerCounterUnit {
            switch subtree {
            case StandardOIDs.prtMarkerSuppliesEntry: columns += (3...9).map { subtree.appending($0) }
            case hrPrinterEntry: columns += [StandardOIDs.hrPrinterStatus, StandardOIDs.hrPrinterDetectedErrorState]
            default: columns.append(subtree)
            }
        }
        return columns
    }

    static let hrPrinterEntry: OID = "1.3.6.1.2.1.25.3.5.1"

    /// A full read in as few datagrams and bindings as the device allows (over v1 each GetBulk below is
    /// a GetNext of the same OIDs: max-repetitions 1, `send`): every message is ONE
    /// GetBulk whose non-repeaters are the scalars (each asked as its `precursor`: the next object
    /// after it is `X` when `X` exists) and whose repeaters walk the gaps of the wanted
    /// columns (`BulkCoverage`). Round 1 also carries sysDescr.0 and sysObjectID.0, which choose the
    /// driver, and only the first run of columns of each table; once a table's lead column
    /// (`leadColumn`: its first wanted column that has rows) is known, its rows predict every other
    /// gap, which is split at known instances into cursors and non-repeaters asking for just as many
    /// bindings (`plan`), plus one past a run's end where the rows are not trusted. Rules that ask
    /// less: `narrowDeviceRows`, `settled`, `sentinels`, `dropColorantIndex`, `suppliesProbe`. A
    /// driver's device-ID objects (often 200 bytes) are asked only when the model or the
    /// manufacturer needs them.
    func readByBulk(_ target: SNMPTarget) async throws(SNMPError) -> (view: MIBView, driver: Driver) {
        var coverage = BulkCoverage(columns: Self.readColumns(drivers.plan(for: drivers.generic).subtrees))
        var view = MIBView()
        var driver: Driver?
        var scalars: [OID] = [StandardOIDs.sysDescr, StandardOIDs.sysObjectID]
        var resolved = Set<OID>()
        var unresolved: [OID] = []
        var deviceIDs: [OID] = []
        var deviceIDDecided = false
        var narrowed = false
        var colorantsSettled = false
        var sampled = Set<OID>()
        var seen: [OID: SNMPValue] = [:]
        // Bounded: every round must bring a binding, so a read of a few hundred objects from an agent
        // that answers very few per message still ends (and a loop cannot run forever).
        var finished = false
        for round in 0..<512 {
            if driver == nil, round > 0 {
                // An answer cut short (RFC 3416 lets an agent drop bindings from the end to fit) may
                // lack the two objects that choose the driver: ask them on their own first.
                let choosing = [StandardOIDs.sysDescr, StandardOIDs.sysObjectID].filter { unresolved.contains($0) }
                if !choosing.isEmpty {
                    for (oid, value) in try await client.get(choosing, from: target) { view.set(oid, value) }
                    unresolved.removeAll { choosing.contains($0) }
                    resolved.formUnion(choosing)
                }
                var sysObjectID: String?
                if case .objectIdentifier(let oid)? = view[StandardOIDs.sysObjectID] { sysObjectID = oid.description }
                let chosen = drivers.driver(forSysObjectID: sysObjectID, description: Poller.sysDescr(view))
                driver = chosen
                let plan = drivers.plan(for: chosen)
                coverage.add(Self.readColumns(plan.subtrees))
                deviceIDs = Array(Set(drivers.generic.identity.deviceID + chosen.identity.deviceID)).sorted()
                scalars += plan.scalars.filter {
                    !resolved.contains($0) && !unresolved.contains($0) && !deviceIDs.contains($0) && !scalars.contains($0)
                }
            }
            if round == 0 {
                let generic = drivers.plan(for: drivers.generic).scalars
                let ids = Set(drivers.generic.identity.deviceID)
                scalars += generic.filter { !ids.contains($0) && !scalars.contains($0) }
            }
            if !narrowed { narrowed = Self.narrowDeviceRows(&coverage, view: view) }
            if round > 0, !colorantsSettled { colorantsSettled = Self.dropColorantIndex(&coverage, view: view) }
            let (leads, trusted) = Self.leads(coverage, view: view)
            let gaps = coverage.gaps { run in leads[run.entry] == true ? Self.rows(of: run.entry, in: coverage, view: view) : nil }
            if let chosen = driver, !deviceIDDecided,
               let needed = Self.needsDeviceID(view, driver: chosen, gaps: gaps, resolved: resolved) {
                deviceIDDecided = true
                if needed { scalars += deviceIDs.filter { !resolved.contains($0) && !scalars.contains($0) } }
            }
            var requests = Self.requests(for: gaps, leadsKnown: leads, trusted: trusted, firstRound: round == 0, view: view,
                                         repetitions: target.version == .v2c ? Self.maxBindings : 1)
            for (oid, value) in Self.settled(scalars, coverage: coverage, seen: seen) {
                if let value { view.set(oid, value) }
                resolved.insert(oid)
            }
            scalars.removeAll { resolved.contains($0) }
            unresolved += scalars.filter { $0.components.count <= 1 }
            let (asked, later) = Self.sentinels(scalars.filter { $0.components.count > 1 }, probed: &sampled)
            scalars = later
            if requests.isEmpty && asked.isEmpty {
                if driver != nil { finished = true; break }
                continue
            }
            if requests.isEmpty { requests = [BulkRequest()] }
            let parents = asked.map(Self.precursor)
            let pages = try await send(requests, parents: parents, to: target)
            for bind in pages.joined() where !bind.value.isException { seen[bind.oid] = bind.value }
            for (index, wanted) in asked.enumerated() {
                guard index < pages[0].count else { unresolved.append(wanted); continue }
                let bind = pages[0][index]
                for kept in coverage.record(from: parents[index], [bind]) { view.set(kept.oid, kept.value) }
                if bind.oid == wanted, !bind.value.isException {
                    view.set(wanted, bind.value); resolved.insert(wanted)
                } else if bind.value.isException || bind.oid > wanted {
                    resolved.insert(wanted)
                } else {
                    unresolved.append(wanted)   // something lies between the parent and the object
                }
            }
            // A round that brought no binding at all ends the read (an agent that answers nothing
            // more); one cut short still counts: what it lacked is asked again next round.
            var progressed = !pages.joined().isEmpty
            for (number, request) in requests.enumerated() {
                let page = pages[number].dropFirst(number == 0 ? parents.count : 0)
                progressed = Self.record(page, of: request, into: &coverage, view: &view) || progressed
            }
            let cursorCount = requests.map { $0.singles.count + $0.starts.count }.reduce(0, +)
            if !progressed && cursorCount > 0 && driver != nil { finished = true; break }
        }
        if !finished {
            client.logger.warning("\(target.host): still reading after 512 messages (the agent answers very little per message); the reading may lack tables")
        }
        unresolved += scalars
        let finalDriver = driver ?? drivers.generic
        if !deviceIDDecided, Self.needsDeviceID(view, driver: finalDriver, gaps: [], resolved: resolved) ?? true {
            unresolved += deviceIDs.filter { !resolved.contains($0) }
        }
        // Each object once, and none an answer already settled.
        let asking = unresolved.reduce(into: [OID]()) { list, oid in
            if !resolved.contains(oid) && !list.contains(oid) { list.append(oid) }
        }
        if !asking.isEmpty {
            for (oid, value) in try await client.get(asking, from: target) { view.set(oid, value) }
        }
        view.sort()
        return (view, finalDriver)
    }

    /// An OID just before `scalar`, for a GetNext that answers `scalar` when it exists: its parent
    /// when its last arc is 0 or 1 (a .0 scalar, a first row), else its previous sibling followed by
    /// the largest arc (so that earlier siblings, e.g. other counters of one vendor table, do not
    /// come back instead).
    static func precursor(_ scalar: OID) -> OID {
        let arcs = scalar.components
        guard let last = arcs.last, last > 1 else { return OID(Array(arcs.dropLast())) }
        return OID(Array(arcs.dropLast()) + [last - 1, UInt32.max])
    }
}

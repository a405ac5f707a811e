import Store

/// The JSON body of an address-range create or PATCH, as a draft: PATCH starts from the stored range
/// and replaces only the fields given (giving `cidr` drops first/last, and the other way round).
enum AddressRangeBody {
    static func draft(_ body: inout JSONBody, base: StoredAddressRange?) -> AddressRangeDraft {
        var draft = base.map {
            AddressRangeDraft(agentID: $0.agentID, name: $0.name, cidr: $0.cidr,
                              firstAddress: $0.cidr == nil ? $0.firstAddress : nil, lastAddress: $0.cidr == nil ? $0.lastAddress : nil,
                              snmpCommunity: $0.snmpCommunity, snmpVersion: $0.snmpVersion, snmpPort: $0.snmpPort,
                              exclusions: $0.exclusions)
        } ?? AddressRangeDraft(agentID: nil, name: "")
        if body.has("agent_id") { draft.agentID = body.int("agent_id").map(Int64.init) }
        if body.has("name") { draft.name = body.string("name") ?? "" }
        if body.has("cidr") {
            draft.cidr = body.string("cidr")
            if base != nil { draft.firstAddress = nil; draft.lastAddress = nil }
        }
        if body.has("first_address") || body.has("last_address") {
            draft.firstAddress = body.string("first_address")
            draft.lastAddress = body.string("last_address")
            if base != nil && !body.has("cidr") { draft.cidr = nil }
        }
        if body.has("snmp_community") { draft.snmpCommunity = body.string("snmp_community") ?? "" }
        if body.has("snmp_version") { draft.snmpVersion = body.string("snmp_version") ?? "" }
        if body.has("snmp_port") { draft.snmpPort = body.int("snmp_port") ?? 0 }
        if body.has("exclusions") { draft.exclusions = body.stringArray("exclusions") ?? ["invalid"] }
        return draft
    }
}

import Store

/// The address-range form: reading a draft from the posted fields, and the field values to show
/// (the stored range, or what the user typed, with the messages next to the fields).
enum RangeForms {
    /// The draft the posted form describes. Empty inputs are absent, so the Store sees "CIDR" or
    /// "first and last" exactly as the user gave them.
    static func draft(_ form: FormData) -> AddressRangeDraft {
        func optional(_ name: String) -> String? { form.trimmed(name).isEmpty ? nil : form.trimmed(name) }
        return AddressRangeDraft(agentID: Int64(form.trimmed("agent_id")), name: form.trimmed("name"), cidr: optional("cidr"),
                                 firstAddress: optional("first_address"), lastAddress: optional("last_address"),
                                 snmpCommunity: form.trimmed("snmp_community"), snmpVersion: form.trimmed("snmp_version"),
                                 snmpPort: Int(form.trimmed("snmp_port")) ?? 0, exclusions: exclusions(form["exclusions"] ?? ""))
    }

    /// Addresses separated by commas, semicolons, spaces or line breaks.
    static func exclusions(_ text: String) -> [String] {
        text.split { $0 == "," || $0 == ";" || $0.isWhitespace || $0.isNewline }.map(String.init)
    }

    /// Checks the web form adds to the Store's: half of "first and last", and an agent the select offered.
    static func problems(_ draft: AddressRangeDraft, agents: [Agent]) -> [FieldError] {
        var problems: [FieldError] = []
        if draft.cidr == nil {
            if draft.firstAddress == nil, draft.lastAddress != nil { problems.append(FieldError("first_address", "first_address.required")) }
            if draft.lastAddress == nil, draft.firstAddress != nil { problems.append(FieldError("last_address", "last_address.required")) }
        }
        if let agentID = draft.agentID, !agents.contains(where: { $0.id == agentID }) {
            problems.append(FieldError("agent_id", "agent_id.invalid"))
        }
        return problems
    }

    /// The agents a range may be given to: enrolled ones, and the range's current agent unless revoked.
    static func agents(_ all: [Agent], current: Int64? = nil) -> [Agent] {
        all.filter { $0.status == "enrolled" || ($0.id == current && $0.revokedAt == nil) }
    }

    /// The form values a stored range shows when editing starts.
    static func values(_ range: StoredAddressRange) -> FormData {
        FormData([
            ("name", range.name), ("cidr", range.cidr ?? ""),
            ("first_address", range.cidr == nil ? range.firstAddress : ""), ("last_address", range.cidr == nil ? range.lastAddress : ""),
            ("exclusions", range.exclusions.joined(separator: ", ")), ("snmp_version", range.snmpVersion),
            ("snmp_community", range.snmpCommunity), ("snmp_port", String(range.snmpPort)), ("agent_id", String(range.agentID)),
        ])
    }

    /// The values of a new range's form.
    static let defaults = FormData([("snmp_version", "2c"), ("snmp_community", "public"), ("snmp_port", "161")])

    /// The page values of the form, for `action` (create or update).
    static func page(_ request: WebRequest, action: String, agents: [Agent], values: FormData,
                     errors: FieldMessages = FieldMessages()) -> [String: Any] {
        let t = { (key: String) in request.text("ranges." + key) }
        var agentOptions = [(value: "", label: t("agent_choose"))]
        agentOptions += agents.map { (String($0.id), $0.name) }
        var exclusions: [String: Any] = ["id": "field-exclusions", "name": "exclusions", "label": t("exclusions"),
                                         "hint": t("exclusions_hint"), "describedBy": "field-exclusions-hint"]
        if let text = values["exclusions"], !text.isEmpty { exclusions["value"] = text }
        if let error = errors["exclusions"] {
            exclusions["error"] = error
            exclusions["describedBy"] = "field-exclusions-hint field-exclusions-error"
        }
        var page: [String: Any] = [
            "action": action, "cancel": "/ranges",
            "name": [FormFields.input("name", label: t("name"), value: values["name"], error: errors["name"], autocomplete: "off", maxLength: 100)],
            "block": [FormFields.input("cidr", label: t("cidr"), value: values["cidr"], error: errors["cidr"], hint: t("cidr_hint"),
                                       autocomplete: "off", required: false, maxLength: 18)],
            "pair": [
                FormFields.input("first_address", label: t("first_address"), value: values["first_address"], error: errors["first_address"],
                                 hint: t("first_hint"), autocomplete: "off", required: false, maxLength: 15),
                FormFields.input("last_address", label: t("last_address"), value: values["last_address"], error: errors["last_address"],
                                 autocomplete: "off", required: false, maxLength: 15),
            ],
            "exclusions": exclusions,
            "snmp": [
                FormFields.select("snmp_version", label: t("snmp_version"), options: [("1", "1"), ("2c", "2c")],
                                  selected: values["snmp_version"], error: errors["snmp_version"]),
                FormFields.input("snmp_community", label: t("snmp_community"), value: values["snmp_community"],
                                 error: errors["snmp_community"], hint: t("snmp_community_hint"), autocomplete: "off", maxLength: 64),
                FormFields.input("snmp_port", label: t("snmp_port"), type: "number", value: values["snmp_port"],
                                 error: errors["snmp_port"], autocomplete: "off", maxLength: 5),
            ],
            "agent": [FormFields.select("agent_id", label: t("agent"), options: agentOptions, selected: values["agent_id"],
                                        error: errors["agent_id"], hint: agents.isEmpty ? t("agent_none") : t("agent_hint"))],
        ]
        if !errors.isEmpty { page["formError"] = request.text("validation.form_invalid") }
        return page
    }
}

import Store

/// The device page's form for what users keep on a device: asset number, location note and named
/// fields (a fixed number of name/value rows, so it works without JavaScript).
enum DeviceFieldsForm {
    /// The longest value of each field, for the `{max}` of the messages.
    static let maximums = ["asset_number": 100, "location_note": 500, "field_name": 50, "field_value": 200]

    /// The fields as typed in a POST: empty custom rows dropped, text trimmed at the ends.
    static func parse(_ form: FormData) -> (fields: DeviceFields, rows: [(name: String, value: String)]) {
        var rows: [(name: String, value: String)] = []
        for row in 0..<DeviceFields.maximumCustomFields {
            rows.append((form.trimmed("field_name_\(row)"), form.trimmed("field_value_\(row)")))
        }
        let custom = rows.filter { !$0.name.isEmpty || !$0.value.isEmpty }
        // Errors name rows by position among the filled ones, so the shown rows are the filled ones.
        return (DeviceFields(assetNumber: form.trimmed("asset_number"), locationNote: form["location_note"].map(trimNote) ?? "",
                             custom: custom), custom)
    }

    static func trimNote(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Messages by field: the main catalog's `validation.<code>` when it has one, else our own.
    static func messages(_ errors: [FieldError], _ request: WebRequest) -> [String: String] {
        var byField: [String: String] = [:]
        for error in errors where byField[error.field] == nil {
            let kind = String(error.code.split(separator: ".").first ?? "")
            let reason = String(error.code.split(separator: ".").last ?? "invalid")
            let arguments = ["max": String(maximums[kind] ?? 200), "n": String(DeviceFields.maximumCustomFields)]
            let key = request.catalog.contains("validation." + error.code) ? "validation." + error.code
                : request.catalog.contains("devices.errors.\(reason)") ? "devices.errors.\(reason)" : "devices.errors.invalid"
            byField[error.field] = request.text(key, arguments)
        }
        return byField
    }

    /// The form's values: the stored fields, or what was typed with messages next to the fields.
    static func values(_ device: Device, _ request: WebRequest, typed: (fields: DeviceFields, rows: [(name: String, value: String)])? = nil,
                       errors: [String: String] = [:]) -> [String: Any] {
        let asset = typed?.fields.assetNumber ?? device.assetNumber ?? ""
        let note = typed?.fields.locationNote ?? device.locationNote ?? ""
        var rows = typed?.rows ?? device.customFields.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        let blanks = min(DeviceFields.maximumCustomFields, rows.count + 3) - rows.count
        rows += Array(repeating: (name: "", value: ""), count: max(0, blanks))
        var noteField: [String: Any] = ["id": "field-location_note", "name": "location_note", "label": request.text("devices.fields.location_note"),
                                    "value": note, "hint": request.text("devices.fields.location_note_hint")]
        var described = ["field-location_note-hint"]
        if let error = errors["location_note"] { noteField["error"] = error; described.append("field-location_note-error") }
        noteField["describedBy"] = described.joined(separator: " ")
        var values: [String: Any] = [
            "action": "/devices/\(device.id)/fields",
            "asset": FormFields.input("asset_number", label: request.text("devices.fields.asset_number"), value: asset,
                                      error: errors["asset_number"], hint: request.text("devices.fields.asset_number_hint"),
                                      autocomplete: "off", required: false, maxLength: 100),
            "note": noteField,
            "rows": rows.enumerated().map { index, row -> [String: Any] in
                [
                    "name": FormFields.input("field_name_\(index)", label: request.text("devices.fields.name", ["n": String(index + 1)]),
                                             value: row.name, error: errors["field_name_\(index)"], autocomplete: "off",
                                             required: false, maxLength: 50),
                    "value": FormFields.input("field_value_\(index)", label: request.text("devices.fields.value", ["n": String(index + 1)]),
                                              value: row.value, error: errors["field_value_\(index)"], autocomplete: "off",
                                              required: false, maxLength: 200),
                ]
            },
        ]
        if let tooMany = errors["custom_fields"] { values["tooMany"] = tooMany }
        return values
    }
}

/// Builds the values `partials/field` and `partials/select` render: a label, the user's input, a hint
/// and the error next to the field. Absent values are left out rather than set empty, because an
/// empty string still opens a mustache section.
enum FormFields {
    /// A text-like `<input>`. Passwords never get a `value` back.
    static func input(_ name: String, label: String, type: String = "text", value: String? = nil, error: String? = nil,
                      hint: String? = nil, autocomplete: String? = nil, required: Bool = true,
                      maxLength: Int? = nil) -> [String: Any] {
        var field: [String: Any] = ["id": "field-" + name, "name": name, "label": label, "type": type, "required": required]
        if let value, !value.isEmpty, type != "password" { field["value"] = value }
        if let autocomplete { field["autocomplete"] = autocomplete }
        if let maxLength { field["maxLength"] = maxLength }
        describe(&field, id: "field-" + name, error: error, hint: hint)
        return field
    }

    /// A `<select>` with `options` (value, label); `selected` marks the chosen one.
    static func select(_ name: String, label: String, options: [(value: String, label: String)], selected: String?,
                       error: String? = nil, hint: String? = nil) -> [String: Any] {
        var field: [String: Any] = [
            "id": "field-" + name, "name": name, "label": label, "isSelect": true,
            "options": options.map { option -> [String: Any] in
                ["value": option.value, "label": option.label, "selected": option.value == selected]
            },
        ]
        describe(&field, id: "field-" + name, error: error, hint: hint)
        return field
    }

    private static func describe(_ field: inout [String: Any], id: String, error: String?, hint: String?) {
        var described: [String] = []
        if let hint, !hint.isEmpty { field["hint"] = hint; described.append(id + "-hint") }
        if let error, !error.isEmpty { field["error"] = error; described.append(id + "-error") }
        if !described.isEmpty { field["describedBy"] = described.joined(separator: " ") }
    }
}

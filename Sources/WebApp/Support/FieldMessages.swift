import Store

/// Turns the Store's `FieldError` codes (`email.taken`) into translated messages by field, shown
/// next to the fields. A code without its own text falls back to the generic one for its kind, so a
/// new validator never shows a raw key.
struct FieldMessages {
    private(set) var byField: [String: String] = [:]

    /// The longest value each length-checked field accepts (the Store's limits), for `{max}`.
    static let maximums = [
        "display_name": 100, "name": 200, "email": 254, "password": 1024, "new_password": 1024,
        "asset_number": 100, "location_note": 500, "field_name": 50, "field_value": 200,
    ]

    init() {}

    init(_ errors: [FieldError], request: WebRequest) {
        for error in errors { add(error.field, code: error.code, request: request) }
    }

    /// Records the message for `code` on `field`, unless the field already has one.
    mutating func add(_ field: String, code: String, request: WebRequest) {
        guard byField[field] == nil else { return }
        let arguments = ["min": String(Validate.minimumPasswordLength), "max": String(Self.maximums[field] ?? 200)]
        let key: String
        if request.catalog.contains("validation." + code) {
            key = "validation." + code
        } else if code.hasSuffix(".required") {
            key = "validation.required"
        } else if code.hasSuffix(".too_long") {
            key = "validation.too_long"
        } else {
            key = "validation.invalid"
        }
        byField[field] = request.text(key, arguments)
    }

    subscript(field: String) -> String? { byField[field] }

    var isEmpty: Bool { byField.isEmpty }
}

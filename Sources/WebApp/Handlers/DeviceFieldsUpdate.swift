import Store

/// POST /devices/:id/fields: saves the asset number, location note and named fields (managers and
/// admins). Bad input changes nothing and re-shows the page with messages next to the fields.
enum DeviceFieldsUpdate {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        guard request.canManage else { return .forbidden }
        do {
            guard let device = try await context.devices.find(id, scope: request.scope) else { return .notFound }
            let typed = DeviceFieldsForm.parse(request.form)
            switch try await context.devices.updateFields(id, typed.fields, scope: request.scope) {
            case nil: return .notFound
            case .saved?: return .redirect(to: "/devices/\(id)", flash: "devices.fields.saved")
            case .invalid(let problems)?:
                return try await DeviceShow.page(request, context, device: device, typed: typed,
                                                 errors: DeviceFieldsForm.messages(problems, request))
            }
        } catch {
            return StoreFailure.response(error, context, "saving a device's fields")
        }
    }
}

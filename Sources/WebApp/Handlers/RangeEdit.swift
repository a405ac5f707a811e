import Store

/// GET /ranges/:id/edit: the range's form filled with its stored values (managers and admins).
enum RangeEdit {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard let range = try await context.ranges.find(id, scope: request.scope) else { return .notFound }
            guard request.canManage else { return .forbidden }
            return try await page(request, context, range: range, values: RangeForms.values(range))
        } catch {
            return StoreFailure.response(error, context, "showing a range's form")
        }
    }

    static func page(_ request: WebRequest, _ context: WebContext, range: StoredAddressRange, values: FormData,
                     errors: FieldMessages = FieldMessages()) async throws -> WebResponse {
        let agents = RangeForms.agents(try await context.agents.list(scope: request.scope), current: range.agentID)
            .filter { $0.organizationID == range.organizationID }
        var form = RangeForms.page(request, action: "/ranges/\(range.id)/update", agents: agents, values: values, errors: errors)
        form["cancel"] = "/ranges/\(range.id)"
        return .page(.rangeForm, title: "ranges.edit_title", values: ["form": form, "subject": range.name],
                     status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}

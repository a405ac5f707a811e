import Store

/// GET /ranges/new: the form for a new address range (managers and admins).
enum RangeCreate {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard request.canManage else { return .forbidden }
        do {
            return try await page(request, context, values: RangeForms.defaults)
        } catch {
            return StoreFailure.response(error, context, "showing the new-range form")
        }
    }

    /// The form, optionally re-shown with the typed values and the messages next to the fields.
    static func page(_ request: WebRequest, _ context: WebContext, values: FormData,
                     errors: FieldMessages = FieldMessages()) async throws -> WebResponse {
        let agents = RangeForms.agents(try await context.agents.list(scope: request.scope))
        return .page(.rangeForm, title: "ranges.create_title",
                     values: ["form": RangeForms.page(request, action: "/ranges", agents: agents, values: values, errors: errors)],
                     status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}

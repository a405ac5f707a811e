import Store

/// POST /ranges: creates the range from the form. Any invalid field re-shows the form with the
/// user's input and the message next to the field; nothing is stored.
enum RangeSave {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard request.canManage else { return .forbidden }
        let draft = RangeForms.draft(request.form)
        do {
            let agents = RangeForms.agents(try await context.agents.list(scope: request.scope))
            let problems = RangeForms.problems(draft, agents: agents) + draft.validate().errors
            guard problems.isEmpty else {
                return try await RangeCreate.page(request, context, values: request.form, errors: FieldMessages(problems, request: request))
            }
            switch try await context.ranges.create(draft, scope: request.scope) {
            case .saved(let range): return .redirect(to: "/ranges/\(range.id)", flash: "ranges.created")
            case .invalid(let problems):
                return try await RangeCreate.page(request, context, values: request.form, errors: FieldMessages(problems, request: request))
            }
        } catch {
            return StoreFailure.response(error, context, "creating an address range")
        }
    }
}

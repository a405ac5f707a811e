import Store

/// POST /ranges/:id/update: saves the range's fields; bad input re-shows the form and changes nothing.
enum RangeUpdate {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        let draft = RangeForms.draft(request.form)
        do {
            guard let range = try await context.ranges.find(id, scope: request.scope) else { return .notFound }
            guard request.canManage else { return .forbidden }
            let agents = RangeForms.agents(try await context.agents.list(scope: request.scope), current: range.agentID)
                .filter { $0.organizationID == range.organizationID }
            let problems = RangeForms.problems(draft, agents: agents) + draft.validate().errors
            guard problems.isEmpty else {
                return try await RangeEdit.page(request, context, range: range, values: request.form,
                                                errors: FieldMessages(problems, request: request))
            }
            switch try await context.ranges.update(id, draft, scope: request.scope) {
            case nil: return .notFound
            case .saved?: return .redirect(to: "/ranges/\(id)", flash: "ranges.updated")
            case .invalid(let problems)?:
                return try await RangeEdit.page(request, context, range: range, values: request.form,
                                                errors: FieldMessages(problems, request: request))
            }
        } catch {
            return StoreFailure.response(error, context, "updating an address range")
        }
    }
}

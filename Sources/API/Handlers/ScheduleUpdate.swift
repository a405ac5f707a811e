import HTTPServer
import Store

/// PATCH /api/v1/schedules/{id}: changes the fields given; the next run is computed again.
enum ScheduleUpdate {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard let id = request.id() else { return APIResponse.notFound }
        guard var body = JSONBody(request.http.body) else { return APIResponse.badJSON }
        do {
            guard let existing = try await context.schedules.find(id, scope: request.scope) else { return APIResponse.notFound }
            guard request.scope.role.canManage else { return APIResponse.forbidden }
            let draft = ScheduleBody.draft(&body, base: existing)
            guard body.problems.isEmpty else { return APIResponse.invalid(body.problems.map { FieldError($0.field, $0.code) }) }
            switch try await context.schedules.update(id, draft, scope: request.scope) {
            case nil: return APIResponse.notFound
            case .invalid(let errors)?: return APIResponse.invalid(errors)
            case .saved(let schedule)?: return APIResponse.ok(Representation.schedule(schedule))
            }
        } catch {
            return APIResponse.storeFailure(error, context, "updating a schedule")
        }
    }
}

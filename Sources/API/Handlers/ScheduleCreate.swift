import HTTPServer
import Store

/// POST /api/v1/schedules: a discovery or status schedule of a range, or of an organization's whole
/// fleet (`organization_id`, default the caller's). Managers and admins.
enum ScheduleCreate {
    static func handle(_ request: APIRequest, _ context: APIContext) async -> HTTPResponse {
        guard var body = JSONBody(request.http.body) else { return APIResponse.badJSON }
        let draft = ScheduleBody.draft(&body, base: nil)
        let organizationID = body.int("organization_id").map(Int64.init) ?? request.scope.homeOrganizationID
        guard body.problems.isEmpty else { return APIResponse.invalid(body.problems.map { FieldError($0.field, $0.code) }) }
        guard request.scope.role.canManage else { return APIResponse.forbidden }
        do {
            switch try await context.schedules.create(draft, organizationID: organizationID, scope: request.scope) {
            case .invalid(let errors): return APIResponse.invalid(errors)
            case .saved(let schedule): return APIResponse.created(Representation.schedule(schedule), location: "/api/v1/schedules/\(schedule.id)")
            }
        } catch {
            return APIResponse.storeFailure(error, context, "creating a schedule")
        }
    }
}

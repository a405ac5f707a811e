import Store

/// GET /ranges/:id/delete: asks before deleting (its schedules go with it; devices stay).
enum RangeDeleteConfirm {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard let range = try await context.ranges.find(id, scope: request.scope) else { return .notFound }
            guard request.canManage else { return .forbidden }
            return .page(.rangeDelete, title: "ranges.delete_title", values: [
                "subject": ["name": range.name, "range": range.rangeText, "action": "/ranges/\(id)/delete", "cancel": "/ranges/\(id)"],
            ])
        } catch {
            return StoreFailure.response(error, context, "asking to delete a range")
        }
    }
}

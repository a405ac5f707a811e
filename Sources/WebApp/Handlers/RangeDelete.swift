import Store

/// POST /ranges/:id/delete: deletes the range (managers and admins).
enum RangeDelete {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        do {
            guard try await context.ranges.find(id, scope: request.scope) != nil else { return .notFound }
            guard request.canManage else { return .forbidden }
            guard try await context.ranges.delete(id, scope: request.scope) else { return .notFound }
            return .redirect(to: "/ranges", flash: "ranges.deleted")
        } catch {
            return StoreFailure.response(error, context, "deleting an address range")
        }
    }
}

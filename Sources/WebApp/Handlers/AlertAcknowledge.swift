/// POST /alerts/:id/acknowledge: records that a manager or admin has seen an open alert (who and when).
/// Acknowledging again keeps the first record. Goes back to the list it came from (`return_to`).
enum AlertAcknowledge {
    static func handle(_ request: WebRequest, _ context: WebContext) async -> WebResponse {
        guard let id = request.id() else { return .notFound }
        guard request.canManage else { return .forbidden }
        do {
            guard try await context.alerts.acknowledge(id, scope: request.scope) != nil else { return .notFound }
            let back = PercentEncoding.localPath(request.form["return_to"])
            return .redirect(to: back.hasPrefix("/alerts") || back.hasPrefix("/devices/") ? back : "/alerts",
                             flash: "alerts.acknowledged")
        } catch {
            return StoreFailure.response(error, context, "acknowledging an alert")
        }
    }
}

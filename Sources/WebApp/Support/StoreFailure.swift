import Store

/// The page for a Store error a handler did not expect: 403 when the Store refused the caller's
/// privilege (row-level security included), else the generic error page. The cause goes to the log
/// only; no SQL or data reaches the page.
enum StoreFailure {
    static func response(_ error: any Error, _ context: WebContext, _ what: String) -> WebResponse {
        if let error = error as? StoreError, error == .insufficientPrivilege { return .forbidden }
        context.logger.error("\(what) failed: \(error)")
        return .serverError
    }
}

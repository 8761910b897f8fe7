import Hummingbird
import SpecwrightStore

/// Records every change attempt (non-GET requests) and every refused request (401, 403, 429):
/// who, what, when, from which address, and the outcome.
struct AuditMiddleware: RouterMiddleware {
    let store: any SpecStore

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            try? await record(request, context, outcome: APIError.from(error).status.code)
            // The original error goes on, so the error middleware can log what really happened.
            throw error
        }
        if request.method != .get && request.method != .head || [401, 403, 429].contains(response.status.code) {
            try? await record(request, context, outcome: response.status.code)
        }
        return response
    }

    private func record(_ request: Request, _ context: AppRequestContext, outcome: Int) async throws {
        guard request.method != .get && request.method != .head || [401, 403, 429].contains(outcome) else { return }
        try await store.audit(Self.entry(request, user: context.user?.name, address: context.remoteAddress, outcome: outcome))
    }

    /// The audit entry for a request: method and path, the spec it targets, who, from where, the status.
    static func entry(_ request: Request, user: String?, address: String?, outcome: Int) -> AuditRecord {
        let path = request.uri.path
        let target = path.hasPrefix("/api/v1/specs/") ? path.dropFirst("/api/v1/specs/".count).split(separator: "/").first.map(String.init) : nil
        return AuditRecord(user: user, action: "\(request.method.rawValue) \(path)", target: target, address: address, outcome: String(outcome))
    }
}

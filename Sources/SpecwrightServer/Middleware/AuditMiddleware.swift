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
            let apiError = APIError.from(error)
            try? await record(request, context, outcome: apiError.status.code)
            throw apiError
        }
        if request.method != .get && request.method != .head || [401, 403, 429].contains(response.status.code) {
            try? await record(request, context, outcome: response.status.code)
        }
        return response
    }

    private func record(_ request: Request, _ context: AppRequestContext, outcome: Int) async throws {
        guard request.method != .get && request.method != .head || [401, 403, 429].contains(outcome) else { return }
        let path = request.uri.path
        let target = path.hasPrefix("/api/v1/specs/") ? path.dropFirst("/api/v1/specs/".count).split(separator: "/").first.map(String.init) : nil
        try await store.audit(AuditRecord(user: context.user?.name, action: "\(request.method.rawValue) \(path)", target: target, address: context.remoteAddress, outcome: String(outcome)))
    }
}

import Hummingbird
import SpecwrightStore

/// Records every change attempt (non-GET requests) and every refused request (401, 403, 429):
/// who, what, when, from which address, and the outcome.
struct AuditMiddleware: RouterMiddleware {
    let followUps: FollowUpWriter

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            record(request, context, outcome: APIError.from(error).status.code)
            // The original error goes on, so the error middleware can log what really happened.
            throw error
        }
        if request.method != .get && request.method != .head || [401, 403, 429].contains(response.status.code) {
            record(request, context, outcome: response.status.code)
        }
        return response
    }

    /// Paths whose handlers write their own entries (sign-in records the name tried, which the
    /// context does not have).
    static let recordedByHandler: Set<String> = ["/signin"]

    private func record(_ request: Request, _ context: AppRequestContext, outcome: Int) {
        guard !Self.recordedByHandler.contains(request.uri.path) else { return }
        guard request.method != .get && request.method != .head || [401, 403, 429].contains(outcome) else { return }
        followUps.audit(Self.entry(request, user: context.user?.name, address: context.remoteAddress, outcome: outcome))
    }

    /// The audit entry for a request: method and path, the spec it targets, who, from where, the status.
    static func entry(_ request: Request, user: String?, address: String?, outcome: Int) -> AuditRecord {
        let path = request.uri.path
        let prefix = ["/api/v1/specs/", "/specs/"].first { path.hasPrefix($0) }
        let target = prefix.flatMap { path.dropFirst($0.count).split(separator: "/").first.map(String.init) }
        return AuditRecord(user: user, action: "\(request.method.rawValue) \(path)", target: target, address: address, outcome: String(outcome))
    }
}

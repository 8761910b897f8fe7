import Hummingbird
import SpecwrightStore

/// The route group policy: a request needs a user (401) whose role is at least `minimum` (403).
struct MinimumRoleMiddleware: RouterMiddleware {
    let minimum: UserRole

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        guard let user = context.user else { throw APIError(.unauthorized, "authentication required: send Authorization: Bearer <token>") }
        guard user.role >= minimum else { throw APIError(.forbidden, "this needs the \(minimum.rawValue) role; your token has \(user.role.rawValue)") }
        return try await next(request, context)
    }
}

import Hummingbird
import SpecwrightCore
import SpecwrightStore

/// Reads `Authorization: Bearer <token>` and puts the token's user on the context. A bad token is
/// 401; no token leaves the request anonymous (endpoints decide what anonymous may do).
struct AuthMiddleware: RouterMiddleware {
    let store: any SpecStore
    /// Bad tokens are charged to the client address's bucket, so guessing is rate limited.
    let limiter: RateLimiter

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            guard header.lowercased().hasPrefix("bearer ") else { throw APIError(.unauthorized, "use Authorization: Bearer <token>") }
            let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            let hash = TokenHashing.hash(token)
            guard let user = try await store.user(forTokenHash: hash), let role = Role(rawValue: user.role) else {
                let limited = limiter.take("address:" + (context.remoteAddress ?? "unknown"))
                var error = APIError(limited == nil ? .unauthorized : .tooManyRequests, limited == nil ? "unknown or revoked token" : "rate limit exceeded; retry in \(limited!) s")
                error.retryAfter = limited
                try? await store.audit(AuditMiddleware.entry(request, user: nil, address: context.remoteAddress, outcome: Int(error.status.code)))
                throw error
            }
            context.user = AuthenticatedUser(name: user.name, role: role)
            context.tokenHash = hash
        }
        return try await next(request, context)
    }
}

/// API tokens: random, shown once, stored only as SHA-256.
public enum TokenHashing {
    public static func hash(_ token: String) -> String { SHA256.hex(Array(token.utf8)) }

    /// A new token: `sw_` and 40 random hex digits.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return "sw_" + String((0..<40).map { _ in digits[Int(generator.next() % 16)] })
    }
}

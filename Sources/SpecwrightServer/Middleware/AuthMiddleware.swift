import Foundation
import Hummingbird
import SpecwrightCore
import SpecwrightStore

/// Reads `Authorization: Bearer <token>` and puts the token's user on the context. A bad token is
/// 401; no token leaves the request anonymous (endpoints decide what anonymous may do).
struct AuthMiddleware: RouterMiddleware {
    let store: any SpecStore
    /// Bad tokens are charged to the client address's bucket, so guessing is rate limited.
    let limiter: RateLimiter
    let tokens = TokenCache()

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            guard header.lowercased().hasPrefix("bearer ") else { throw APIError(.unauthorized, "use Authorization: Bearer <token>") }
            let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            let hash = TokenHashing.hash(token)
            guard let user = try await tokens.user(for: hash, store: store), let role = Role(rawValue: user.role) else {
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

/// Recently seen tokens' users, so a busy client's token is not looked up on every request.
/// Entries live 5 seconds: a token revoked with `specwright admin token revoke` stops working
/// within that time. Unknown tokens are not cached.
final class TokenCache: @unchecked Sendable {
    private var entries: [String: (user: UserRecord, expires: TimeInterval)] = [:]
    private let lock = NSLock()
    static let lifetime: TimeInterval = 5

    func user(for hash: String, store: any SpecStore) async throws -> UserRecord? {
        let now = ProcessInfo.processInfo.systemUptime
        if let entry = lock.withLock({ entries[hash] }), entry.expires > now { return entry.user }
        guard let user = try await store.user(forTokenHash: hash) else {
            lock.withLock { _ = entries.removeValue(forKey: hash) }
            return nil
        }
        lock.withLock {
            if entries.count > 10_000 { entries.removeAll() }
            entries[hash] = (user, now + Self.lifetime)
        }
        return user
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

import Foundation
import Hummingbird
import SpecwrightCore
import SpecwrightStore

/// Reads `Authorization: Bearer <token>` and puts the token's user on the context. A bad token is
/// 401; no token leaves the request anonymous (each route's role policy decides what anonymous may do).
struct AuthMiddleware: RouterMiddleware {
    let store: any SpecStore
    /// Bad tokens are charged to the client address's bucket, so guessing is rate limited.
    let limiter: RateLimiter
    let followUps: FollowUpWriter
    let tokens = TokenCache()

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            guard let token = Self.bearerToken(header) else { throw APIError(.unauthorized, "use Authorization: Bearer <token>") }
            guard let (user, hash) = try await tokens.user(for: token, store: store) else {
                let limited = limiter.take("address:" + (context.remoteAddress ?? "unknown"))
                var error = APIError(limited == nil ? .unauthorized : .tooManyRequests, limited == nil ? "unknown or revoked token" : "rate limit exceeded; retry in \(limited!) s")
                error.retryAfter = limited
                followUps.audit(AuditMiddleware.entry(request, user: nil, address: context.remoteAddress, outcome: Int(error.status.code)))
                throw error
            }
            context.user = AuthenticatedUser(name: user.name, role: user.role)
            context.tokenHash = hash
            context.notes.user = user.name
        }
        return try await next(request, context)
    }

    /// The token of an `Authorization: Bearer <token>` value (scheme case-insensitive, spaces and
    /// tabs around the token ignored); nil for any other scheme or an empty token.
    static func bearerToken(_ header: String) -> Substring? {
        let scheme = "bearer "
        guard header.utf8.count > scheme.utf8.count,
              zip(header.utf8, scheme.utf8).allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 32 == $1 : $0 == $1 }) else { return nil }
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        var token = header.dropFirst(scheme.count).drop(while: isBlank)
        while let last = token.last, isBlank(last) { token.removeLast() }
        return token.isEmpty ? nil : token
    }
}

/// Recently seen tokens' users, so a busy client's token is neither hashed nor looked up on every
/// request. Entries live 5 seconds: a token revoked with `specwright admin token revoke` stops
/// working within that time. Unknown tokens are not cached.
final class TokenCache: Sendable {
    private struct Entry: Sendable {
        var user: UserRecord
        var hash: String
        var expires: TimeInterval
    }

    private let entries = BoundedCache<Substring, Entry>(limit: 10_000)
    static let lifetime: TimeInterval = 5

    /// The token's user and the token's hash; nil for an unknown or revoked token.
    func user(for token: Substring, store: any SpecStore) async throws -> (UserRecord, String)? {
        let now = ProcessInfo.processInfo.systemUptime
        if let entry = entries.cached(token), entry.expires > now { return (entry.user, entry.hash) }
        let hash = TokenAdministration.hash(String(token))
        guard let user = try await store.user(forTokenHash: hash) else {
            entries.remove(token)
            return nil
        }
        // A copy, so the cache does not keep the whole request header alive.
        entries.set(Substring(String(token)), Entry(user: user, hash: hash, expires: now + Self.lifetime))
        return (user, hash)
    }
}


import Foundation
import Hummingbird
import SpecwrightStore

/// Token-bucket rate limiting per API token (per client address when anonymous). Over the limit:
/// 429 with `Retry-After` and `retry_after`.
struct RateLimitMiddleware: RouterMiddleware {
    let limiter: RateLimiter
    let followUps: FollowUpWriter

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        let key = context.tokenHash.map { "token:" + $0 } ?? "address:" + (context.remoteAddress ?? "unknown")
        if let wait = limiter.take(key) {
            var error = APIError(.tooManyRequests, "rate limit exceeded; retry in \(wait) s")
            error.retryAfter = wait
            followUps.audit(AuditMiddleware.entry(request, user: context.user?.name, address: context.remoteAddress, outcome: 429))
            throw error
        }
        return try await next(request, context)
    }
}

/// Buckets of `capacity` requests refilled at `rate` per second.
public final class RateLimiter: @unchecked Sendable {
    public let capacity: Double
    public let rate: Double
    private var buckets: [String: (tokens: Double, time: TimeInterval)] = [:]
    private let lock = NSLock()
    private let clock: @Sendable () -> TimeInterval

    public init(capacity: Int, perSecond rate: Double, clock: @escaping @Sendable () -> TimeInterval = { ProcessInfo.processInfo.systemUptime }) {
        self.capacity = Double(max(1, capacity))
        // A rate of zero would mean waiting forever; the smallest refill is one request an hour.
        self.rate = max(rate, 1.0 / 3600)
        self.clock = clock
    }

    /// Nil when the request may go ahead; else the whole seconds to wait.
    public func take(_ key: String) -> Int? {
        let now = clock()
        return lock.withLock {
            var bucket = buckets[key] ?? (capacity, now)
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.time) * rate)
            bucket.time = now
            defer { buckets[key] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
        }
    }
}

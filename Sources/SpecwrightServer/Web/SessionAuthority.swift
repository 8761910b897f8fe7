import Foundation
import Hummingbird
import SpecwrightCore
import SpecwrightStore

/// Browser sessions: signing in (rate-limited, one message for every failure), the session
/// cookie, looking a session up, and signing out. Sessions live in the store, so any instance
/// sharing the database serves them.
public struct SessionAuthority: Sendable {
    public static let cookieName = "sw_session"
    /// The double-submit cookie that protects the sign-in form (there is no session yet).
    public static let signInCookieName = "sw_signin"

    let store: any SpecStore
    let passwords: PasswordHasher
    let configuration: ServerConfiguration
    /// Attempts per user name (guessing one account's password), and per client address, which
    /// allows more: people behind one office gateway sign in from one address.
    let limiter: RateLimiter
    let addressLimiter: RateLimiter

    init(store: any SpecStore, configuration: ServerConfiguration) {
        self.store = store
        self.configuration = configuration
        self.passwords = PasswordHasher(cost: configuration.passwordCost)
        self.limiter = RateLimiter(capacity: configuration.signInBurst, perSecond: configuration.signInPerSecond)
        self.addressLimiter = RateLimiter(capacity: configuration.signInBurst * 5, perSecond: configuration.signInPerSecond * 10)
    }

    /// What every failed sign-in says, whether the name or the password was wrong.
    static let refusal = "unknown user name or wrong password"

    /// Checks a name and password and opens a session; the cookie value is returned once and
    /// only its hash stored.
    func signIn(name: String, password: String, address: String?) async throws -> (cookie: String, user: UserRecord) {
        for (limiter, key) in [(addressLimiter, "address:" + (address ?? "unknown")), (limiter, "user:" + name.lowercased())] {
            if let retry = limiter.take("signin-" + key) {
                var error = APIError(.tooManyRequests, "too many sign-in attempts; try again in \(retry) s")
                error.retryAfter = retry
                throw error
            }
        }
        let user = try await store.user(named: name)
        let usable = user.flatMap { $0.disabled ? nil : $0.passwordHash }
        guard try await passwords.verify(password, hash: usable), let user else {
            throw APIError(.unauthorized, Self.refusal)
        }
        let cookie = Self.randomToken()
        let now = Date()
        _ = try await store.createSession(SessionRecord(
            idHash: TokenAdministration.hash(cookie), userID: user.id!, csrfToken: Self.randomToken(), createdAt: now, lastSeenAt: now,
            expiresAt: now.addingTimeInterval(configuration.sessionLifetime), address: address))
        return (cookie, user)
    }

    /// The session and user a cookie value belongs to, if it is still open; activity is recorded
    /// at most once a minute (so reads do not each write).
    func resolve(cookie: String) async throws -> (BrowserSession, UserRecord)? {
        let hash = TokenAdministration.hash(cookie)
        let now = Date()
        guard let (session, user) = try await store.session(idHash: hash, idleSince: now.addingTimeInterval(-configuration.sessionIdleTimeout)) else { return nil }
        if now.timeIntervalSince(session.lastSeenAt) > 60 { try? await store.touchSession(idHash: hash, at: now) }
        return (BrowserSession(idHash: hash, csrfToken: session.csrfToken, mustChangePassword: user.mustChangePassword), user)
    }

    func signOut(_ session: BrowserSession) async throws {
        try await store.deleteSession(idHash: session.idHash)
    }

    /// The session cookie: `HttpOnly`, `SameSite=Lax`, and `Secure` behind a trusted HTTPS proxy.
    func cookie(_ value: String, for request: Request, maxAge: Int? = nil) -> Cookie {
        Cookie(name: Self.cookieName, value: value, maxAge: maxAge ?? Int(configuration.sessionLifetime), path: "/",
               secure: isSecure(request), httpOnly: true, sameSite: .lax)
    }

    /// A cookie that deletes `name` (set for `path`: a cookie is only replaced by one with its path).
    func expired(_ name: String, path: String = "/", for request: Request) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: path, secure: isSecure(request), httpOnly: true, sameSite: .lax)
    }

    func isSecure(_ request: Request) -> Bool {
        configuration.trustProxy && request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https"
    }

    /// 32 random bytes as 64 hex digits.
    static func randomToken() -> String { TokenAdministration.randomHex(bytes: 32) }

    /// Compares two secrets in time that depends on their length only.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the authenticated user and the client's
/// address (for rate limiting anonymous requests and the audit log).
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var user: AuthenticatedUser?
    /// The token's hash, when one was presented (the rate limiter's key).
    public var tokenHash: String?
    public let remoteAddress: String?
    /// Set by the server's configuration middleware.
    public var bodyLimit: Int = 1 << 20

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    public var maxUploadSize: Int { bodyLimit }

    /// Throws 401 without a user, 403 when the user's role is below `role`.
    public func require(_ role: Role) throws -> AuthenticatedUser {
        guard let user else { throw APIError(.unauthorized, "authentication required: send Authorization: Bearer <token>") }
        guard user.role >= role else { throw APIError(.forbidden, "this needs the \(role.rawValue) role; your token has \(user.role.rawValue)") }
        return user
    }
}

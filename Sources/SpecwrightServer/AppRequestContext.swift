import Foundation
import Hummingbird
import NIOCore
import SpecwrightCore
import SpecwrightStore

/// The request context: Hummingbird's core storage plus the authenticated user and the client's
/// address (for rate limiting anonymous requests and the audit log). Bodies are decoded and
/// responses encoded by the API's own decoder and encoder (``APIRequestDecoder``, ``JSONFormat``).
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
    public var requestDecoder: APIRequestDecoder { APIRequestDecoder() }
    public var responseEncoder: JSONEncoder { JSONFormat.encoder }

    /// The caller; the route's role policy has already refused anonymous requests where it matters.
    public func requireUser() throws -> AuthenticatedUser {
        guard let user else { throw APIError(.unauthorized, "authentication required: send Authorization: Bearer <token>") }
        return user
    }
}

/// The user a request's bearer token belongs to.
public struct AuthenticatedUser: Sendable, Equatable {
    public var name: String
    public var role: UserRole
}

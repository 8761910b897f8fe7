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
    /// The browser session the request came with (nil for token and anonymous requests).
    public var session: BrowserSession?
    /// What inner layers learn that outer ones report (the access log's user): one object per
    /// request, shared by every copy of the context.
    public let notes = RequestNotes()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    public var maxUploadSize: Int { bodyLimit }
    public var requestDecoder: APIRequestDecoder { APIRequestDecoder() }
    public var responseEncoder: JSONEncoder { JSONFormat.encoder }

    /// The caller; the route's role policy has already refused anonymous requests where it matters.
    public func requireUser() throws -> AuthenticatedUser {
        guard let user else { throw APIError(.unauthorized, "authentication required: send Authorization: Bearer <token>, or sign in") }
        return user
    }
}

/// Facts about a request noted by the layer that learns them.
public final class RequestNotes: @unchecked Sendable {
    private let lock = NSLock()
    private var name: String?

    /// The authenticated user's name.
    public var user: String? {
        get { lock.withLock { name } }
        set { lock.withLock { name = newValue } }
    }
}

/// A signed-in browser session as a request sees it.
public struct BrowserSession: Sendable, Equatable {
    /// SHA-256 of the cookie's value (the store's key).
    public var idHash: String
    public var csrfToken: String
    /// The user signed in with a one-time password and must choose a new one first.
    public var mustChangePassword: Bool
}

/// The user a request's bearer token or session belongs to.
public struct AuthenticatedUser: Sendable, Equatable {
    public var name: String
    public var role: UserRole
}

import Hummingbird
import SpecwrightStore

/// One operation of the server: method, path, the least user role that may call it, and the
/// handler. Controllers declare their routes as these; the router, the 405 `Allow` header, the
/// OpenAPI document's test and the role-matrix test all read the same list (``RouteTable``).
public struct Route: Sendable {
    public let method: HTTPRequest.Method
    /// The full path in Hummingbird's syntax (`/api/v1/specs/:slug`).
    public private(set) var path: String
    /// The path as its controller declares it, relative to the group it is registered in.
    let relativePath: String
    /// The operation's `operationId` in `openapi.yaml`.
    public let operationID: String
    /// Nil: anyone, without a token.
    public let minimumRole: UserRole?
    let handler: @Sendable (Request, AppRequestContext) async throws -> Response

    init(_ method: HTTPRequest.Method, _ path: String, _ operationID: String, role minimumRole: UserRole?,
         _ handler: @escaping @Sendable (Request, AppRequestContext) async throws -> Response) {
        self.method = method
        self.relativePath = path
        self.path = path.hasPrefix("/") ? path : "/" + path
        self.operationID = operationID
        self.minimumRole = minimumRole
        self.handler = handler
    }

    /// The route as registered below `prefix` (`/api/v1`).
    func mounted(at prefix: String) -> Route {
        var route = self
        route.path = prefix + "/" + relativePath
        return route
    }

    /// The path as the OpenAPI document writes it (`/api/v1/specs/{slug}`).
    public var openAPIPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }

    /// Whether this route's path pattern matches `segments` (a request path split at `/`).
    func matches(_ segments: [Substring]) -> Bool {
        let pattern = path.split(separator: "/")
        return pattern.count == segments.count && zip(pattern, segments).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
    }
}

/// Every route of the server, in three groups: operations outside the API (health, readiness,
/// metrics), the API under `/api/v1`, behind authentication, rate limiting and the audit log,
/// and the web app's pages and form actions at `/`, behind sessions, CSRF checks and the audit log.
public struct RouteTable: Sendable {
    public static let apiPrefix = "/api/v1"

    public let operational: [Route]
    /// The API's routes, with their full paths.
    public let api: [Route]
    /// The web app's pages and actions.
    public let web: [Route]

    init(operational: [Route], api: [Route], web: [Route] = []) {
        self.operational = operational
        self.api = api.map { $0.mounted(at: Self.apiPrefix) }
        self.web = web.map { $0.mounted(at: "") }
    }

    /// The operations the OpenAPI document describes: health and the API.
    public var routes: [Route] { operational + api }

    /// Every route, pages included.
    public var allRoutes: [Route] { operational + api + web }

    /// The methods `path` takes (HEAD wherever GET is), or nil for a path the server does not have.
    func methods(forPath path: String) -> Set<HTTPRequest.Method>? {
        let segments = path.split(separator: "/")
        let methods = Set(allRoutes.filter { $0.matches(segments) }.map(\.method))
        guard !methods.isEmpty else { return nil }
        return methods.contains(.get) ? methods.union([.head]) : methods
    }
}

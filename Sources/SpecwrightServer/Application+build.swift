import Foundation
import Hummingbird
import Logging
import SpecwrightCore
import SpecwrightStore

/// Everything the router needs.
public struct ServerDependencies: Sendable {
    public var store: any SpecStore
    public var environment: SpecEnvironment
    public var configuration: ServerConfiguration
    public var rateLimiter: RateLimiter
    /// Renders the Prometheus exposition text for `/metrics`.
    public var metrics: @Sendable () -> String

    public init(store: any SpecStore, environment: SpecEnvironment, configuration: ServerConfiguration,
                rateLimiter: RateLimiter? = nil, metrics: @escaping @Sendable () -> String = { "" }) {
        self.store = store
        self.environment = environment
        self.configuration = configuration
        self.rateLimiter = rateLimiter ?? RateLimiter(capacity: configuration.rateLimitBurst, perSecond: configuration.rateLimitPerSecond)
        self.metrics = metrics
    }
}

/// Every route of the server, from its controllers.
public func buildRouteTable(_ dependencies: ServerDependencies) -> RouteTable {
    let service = SpecService(store: dependencies.store, environment: dependencies.environment, signOffRoles: dependencies.configuration.signOffRoles)
    return RouteTable(
        operational: HealthController(store: dependencies.store, metrics: dependencies.metrics).routes,
        api: OpenAPIDocument(catalog: dependencies.environment.catalog).routes
            + SpecsController(service: service).routes
            + CheckController(environment: dependencies.environment).routes
            + TemplatesController(catalog: dependencies.environment.catalog).routes)
}

/// Builds the router: the operational routes at the root, the API under `/api/v1` behind
/// authentication, rate limiting and the audit log, each route behind its role policy; HEAD
/// wherever GET is, 405 for a known path's other methods, every error as JSON.
public func buildRouter(_ dependencies: ServerDependencies) -> Router<AppRequestContext> {
    let table = buildRouteTable(dependencies)
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: MethodNotAllowedMiddleware(table: table))
    router.add(middleware: BodyLimitMiddleware(limit: dependencies.configuration.bodyLimit))
    router.add(middleware: MetricsMiddleware())
    for route in table.operational {
        router.on(RouterPath(route.relativePath), method: route.method, use: route.handler)
    }
    let api = router.group(RouterPath(RouteTable.apiPrefix))
        .add(middleware: AuthMiddleware(store: dependencies.store, limiter: dependencies.rateLimiter))
        .add(middleware: RateLimitMiddleware(limiter: dependencies.rateLimiter, store: dependencies.store))
        .add(middleware: AuditMiddleware(store: dependencies.store))
    // One group per role: its policy runs inside the audit log, so refusals are recorded.
    var groups: [UserRole: RouterGroup<AppRequestContext>] = [:]
    for role in UserRole.allCases {
        groups[role] = api.group().add(middleware: MinimumRoleMiddleware(minimum: role))
    }
    for route in table.api {
        let group = route.minimumRole.flatMap { groups[$0] } ?? api
        group.on(RouterPath(route.relativePath), method: route.method, use: route.handler)
    }
    return router
}

/// Builds the application for `configuration`.
public func buildApplication(_ dependencies: ServerDependencies, logger: Logger) -> some ApplicationProtocol {
    Application(
        router: buildRouter(dependencies),
        configuration: .init(address: .hostname(dependencies.configuration.host, port: dependencies.configuration.port), serverName: "specwright"),
        logger: logger)
}

/// Puts the configured body limit on the context.
struct BodyLimitMiddleware: RouterMiddleware {
    let limit: Int

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        context.bodyLimit = limit
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError(.contentTooLarge, "the request body is \(length) bytes; the limit is \(limit)")
        }
        return try await next(request, context)
    }
}

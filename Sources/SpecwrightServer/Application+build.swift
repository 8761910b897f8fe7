import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
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
    /// Where the Common Log Format access log goes (nil: none).
    public var accessLog: AccessLog?
    /// Writes audit entries and events behind the requests that make them.
    public let followUps: FollowUpWriter

    public init(store: any SpecStore, environment: SpecEnvironment, configuration: ServerConfiguration,
                rateLimiter: RateLimiter? = nil, metrics: @escaping @Sendable () -> String = { "" }) {
        self.store = store
        self.environment = environment
        self.configuration = configuration
        self.rateLimiter = rateLimiter ?? RateLimiter(capacity: configuration.rateLimitBurst, perSecond: configuration.rateLimitPerSecond)
        self.metrics = metrics
        self.followUps = FollowUpWriter(store: store)
    }
}

extension SpecService {
    /// The service for a server's store, templates and configuration.
    init(_ dependencies: ServerDependencies) {
        self.init(store: dependencies.store, environment: dependencies.environment, signOffRoles: dependencies.configuration.signOffRoles,
                  cacheBytes: dependencies.configuration.specCacheBytes, followUps: dependencies.followUps)
    }
}

/// Every route of the server, from its controllers.
public func buildRouteTable(_ dependencies: ServerDependencies) -> RouteTable {
    let service = SpecService(dependencies)
    return buildRouteTable(dependencies, service: service, web: WebApp(service: service, configuration: dependencies.configuration))
}

/// The routes of the API and the web app, on one service (so both see one cache of current revisions).
func buildRouteTable(_ dependencies: ServerDependencies, service: SpecService, web: WebApp) -> RouteTable {
    RouteTable(
        operational: HealthController(store: dependencies.store, metrics: dependencies.metrics).routes,
        api: OpenAPIDocument(catalog: dependencies.environment.catalog).routes
            + SpecsController(service: service).routes
            + ReviewController(review: ReviewService(service: service, concernResolverRole: dependencies.configuration.concernResolverRole)).routes
            + WebhooksController(store: dependencies.store, followUps: service.followUps).routes
            + CheckController(environment: dependencies.environment).routes
            + TemplatesController(catalog: dependencies.environment.catalog).routes,
        web: web.routes)
}

/// Builds the router: the operational routes at the root; the API under `/api/v1` behind
/// authentication, rate limiting and the audit log; the web app's pages at `/` behind sessions,
/// CSRF checks and the audit log; each route behind its role policy. HEAD wherever GET is, 405 for
/// a known path's other methods, errors as JSON for the API and as pages for browsers.
public func buildRouter(_ dependencies: ServerDependencies) -> Router<AppRequestContext> {
    buildRouter(dependencies, service: SpecService(dependencies))
}

func buildRouter(_ dependencies: ServerDependencies, service: SpecService) -> Router<AppRequestContext> {
    let web = WebApp(service: service, configuration: dependencies.configuration)
    let table = buildRouteTable(dependencies, service: service, web: web)
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    if let accessLog = dependencies.accessLog { router.add(middleware: AccessLogMiddleware(log: accessLog)) }
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware(page: { error, request, context in web.errorPage(error, request, context) }))
    router.add(middleware: MethodNotAllowedMiddleware(table: table))
    router.add(middleware: BodyLimitMiddleware(limit: dependencies.configuration.bodyLimit))
    router.add(middleware: MetricsMiddleware())
    for route in table.operational {
        router.on(RouterPath(route.relativePath), method: route.method, use: route.handler)
    }
    let sessions = SessionMiddleware(sessions: web.sessions)
    let api = router.group(RouterPath(RouteTable.apiPrefix))
        .add(middleware: sessions)
        .add(middleware: AuthMiddleware(store: dependencies.store, limiter: dependencies.rateLimiter, followUps: service.followUps))
        .add(middleware: RateLimitMiddleware(limiter: dependencies.rateLimiter, followUps: service.followUps))
        .add(middleware: AuditMiddleware(followUps: service.followUps))
        .add(middleware: CSRFMiddleware(acceptsFormField: false))
        .add(middleware: PasswordChangeGate())
    register(table.api, in: api)
    let pages = router.group()
        .add(middleware: WebErrorMiddleware(app: web))
        .add(middleware: sessions)
        .add(middleware: AuditMiddleware(followUps: service.followUps))
        .add(middleware: CSRFMiddleware(acceptsFormField: true))
        .add(middleware: PasswordChangeGate())
    register(table.web, in: pages, fullPaths: true)
    return router
}

/// Registers `routes` in `group`, each behind its role policy: one subgroup per role, inside the
/// group's audit log, so refusals are recorded.
private func register(_ routes: [Route], in group: RouterGroup<AppRequestContext>, fullPaths: Bool = false) {
    var groups: [UserRole: RouterGroup<AppRequestContext>] = [:]
    for role in UserRole.allCases {
        groups[role] = group.group().add(middleware: MinimumRoleMiddleware(minimum: role))
    }
    for route in routes {
        let target = route.minimumRole.flatMap { groups[$0] } ?? group
        target.on(RouterPath(fullPaths ? route.path : route.relativePath), method: route.method, use: route.handler)
    }
}

/// Builds the application for `configuration`. On a store shared by several instances it also
/// follows the others' writes, forgetting what it keeps of the specs they change.
public func buildApplication(_ dependencies: ServerDependencies, logger: Logger) -> some ApplicationProtocol {
    let service = SpecService(dependencies)
    var services: [any Service] = [FollowUpShutdown(followUps: service.followUps), WebhookDeliverer(store: dependencies.store, publisher: service.events, policy: dependencies.configuration.webhooks, logger: logger)]
    if let feed = dependencies.store as? any SpecChangeFeed {
        services.append(ChangeFollower(feed: feed, service: service))
    }
    return Application(
        router: buildRouter(dependencies, service: service),
        configuration: .init(address: .hostname(dependencies.configuration.host, port: dependencies.configuration.port), serverName: "specwright"),
        services: services,
        logger: logger)
}

/// Keeps a server's memory true while other instances write the same database.
struct ChangeFollower: Service {
    let feed: any SpecChangeFeed
    let service: SpecService

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await feed.followChanges { slug in service.forget(slug) }
        }
    }
}

/// On a graceful shutdown, lets audit entries and events kept through a database outage reach the
/// database (for up to 5 s), and logs any that cannot.
struct FollowUpShutdown: Service {
    let followUps: FollowUpWriter

    func run() async throws {
        try? await gracefulShutdown()
        await followUps.finish(within: .seconds(5))
    }
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

import Foundation
import Hummingbird
import Logging
import SpecwrightCore
import SpecwrightStore

/// Everything the router needs.
public struct ServerDependencies: Sendable {
    public var store: any SpecStore
    public var checker: Checker
    public var gates: GateEvaluator
    public var configuration: ServerConfiguration
    public var rateLimiter: RateLimiter
    /// Renders the Prometheus exposition text for `/metrics`.
    public var metrics: @Sendable () -> String

    public init(store: any SpecStore, checker: Checker, gates: GateEvaluator, configuration: ServerConfiguration,
                rateLimiter: RateLimiter? = nil, metrics: @escaping @Sendable () -> String = { "" }) {
        self.store = store
        self.checker = checker
        self.gates = gates
        self.configuration = configuration
        self.rateLimiter = rateLimiter ?? RateLimiter(capacity: configuration.rateLimitBurst, perSecond: configuration.rateLimitPerSecond)
        self.metrics = metrics
    }
}

/// Builds the router: health and metrics outside `/api/v1`, the API behind authentication,
/// rate limiting and the audit log, every error as JSON.
public func buildRouter(_ dependencies: ServerDependencies) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: MethodNotAllowedMiddleware())
    router.add(middleware: BodyLimitMiddleware(limit: dependencies.configuration.bodyLimit))
    router.add(middleware: MetricsMiddleware())
    HealthController(store: dependencies.store, metrics: dependencies.metrics).register(on: router)
    let api = router.group("api/v1")
        .add(middleware: AuthMiddleware(store: dependencies.store, limiter: dependencies.rateLimiter))
        .add(middleware: RateLimitMiddleware(limiter: dependencies.rateLimiter, store: dependencies.store))
        .add(middleware: AuditMiddleware(store: dependencies.store))
    // The document names this server's templates.
    let document = OpenAPIDocument.yaml.replacingOccurrences(
        of: "enum: [feature-spec, system-design, null]", with: "enum: [\(dependencies.checker.catalog.names.joined(separator: ", ")), null]")
    api.get("openapi.yaml") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: document)))
    }
    let service = SpecService(store: dependencies.store, checker: dependencies.checker, gates: dependencies.gates, signOffRoles: dependencies.configuration.signOffRoles)
    api.addRoutes(SpecsController(service: service).endpoints, atPath: "specs")
    api.addRoutes(CheckController(checker: dependencies.checker).endpoints, atPath: "check")
    api.addRoutes(TemplatesController(catalog: dependencies.checker.catalog).endpoints, atPath: "templates")
    return router
}

/// Builds the application for `configuration`.
public func buildApplication(_ dependencies: ServerDependencies, logger: Logger) -> some ApplicationProtocol {
    Application(
        responder: HeadResponder(wrapping: buildRouter(dependencies).buildResponder()),
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

import Hummingbird

/// 405 (with `Allow`) for a method a known path does not take, instead of the router's 404.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Path patterns (`*` = one segment) and the methods they take.
    static var routes: [([String], Set<HTTPRequest.Method>)] {
        [
            (["api", "v1", "specs"], [.get, .post]),
            (["api", "v1", "specs", "*"], [.get, .put, .delete]),
            (["api", "v1", "specs", "*", "revisions"], [.get]),
            (["api", "v1", "specs", "*", "revisions", "*"], [.get]),
            (["api", "v1", "specs", "*", "diff"], [.get]),
            (["api", "v1", "specs", "*", "transitions"], [.post]),
            (["api", "v1", "specs", "*", "signoffs"], [.post]),
            (["api", "v1", "check"], [.post]),
            (["api", "v1", "templates"], [.get]),
            (["api", "v1", "templates", "*"], [.get]),
            (["api", "v1", "openapi.yaml"], [.get]),
            (["healthz"], [.get]), (["readyz"], [.get]), (["metrics"], [.get]),
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let segments = request.uri.path.split(separator: "/").map(String.init)
        if let (_, methods) = Self.routes.first(where: { pattern, _ in
            pattern.count == segments.count && zip(pattern, segments).allSatisfy { $0 == "*" || $0 == $1 }
        }), !methods.contains(request.method), request.method != .head || !methods.contains(.get) {
            var error = APIError(.methodNotAllowed, "\(request.method.rawValue) is not allowed here; allowed: \(methods.map(\.rawValue).sorted().joined(separator: ", "))")
            error.headers[.allow] = methods.map(\.rawValue).sorted().joined(separator: ", ")
            throw error
        }
        return try await next(request, context)
    }
}

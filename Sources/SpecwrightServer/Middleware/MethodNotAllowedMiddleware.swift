import Hummingbird

/// 405 (with `Allow`) for a method a known path does not take, instead of the router's 404.
///
/// It looks at the path only when the router found no route, so matched requests pay nothing.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            // Only the router throws HTTPError 404 (handlers throw APIError): no route took the request.
            // (HEAD arrives here as GET: see HeadResponder.)
            guard let methods = APIRoutes.methods(forPath: request.uri.path), !methods.contains(request.method) else { throw error }
            let allowed = methods.map(\.rawValue).sorted().joined(separator: ", ")
            var refusal = APIError(.methodNotAllowed, "\(request.method.rawValue) is not allowed here; allowed: \(allowed)")
            refusal.headers[.allow] = allowed
            throw refusal
        }
    }
}

/// The server's paths and the methods each takes.
enum APIRoutes {
    /// Path patterns (`*` = one segment) and the methods they take.
    static let table: [([Substring], Set<HTTPRequest.Method>)] = [
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

    /// The methods `path` takes, or nil for a path the server does not have.
    static func methods(forPath path: String) -> Set<HTTPRequest.Method>? {
        let segments = path.split(separator: "/")
        return table.first { pattern, _ in
            pattern.count == segments.count && zip(pattern, segments).allSatisfy { $0 == "*" || $0 == $1 }
        }?.1
    }
}

import Hummingbird

/// 405 (with `Allow`) for a method a known path does not take, instead of the router's 404.
///
/// It looks at the path only when the router found no route, so matched requests pay nothing.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let table: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            // Only the router throws HTTPError 404 (handlers throw APIError): no route took the request.
            guard let methods = table.methods(forPath: request.uri.path), !methods.contains(request.method) else { throw error }
            let allowed = methods.map(\.rawValue).sorted().joined(separator: ", ")
            var refusal = APIError(.methodNotAllowed, "\(request.method.rawValue) is not allowed here; allowed: \(allowed)")
            refusal.headers[.allow] = allowed
            throw refusal
        }
    }
}

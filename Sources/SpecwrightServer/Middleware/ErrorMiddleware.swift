import Hummingbird
import Logging

/// Turns every error into the API's JSON error body (and logs unexpected ones, never returning
/// their internals).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var apiError = APIError.from(error)
            // The router's own 404 has no message: say what was not found.
            if let error = error as? HTTPError, error.status == .notFound, error.body == nil {
                apiError = APIError(.notFound, "no endpoint \(request.uri.path); the API is described at /api/v1/openapi.yaml")
            }
            if apiError.status == .internalServerError {
                context.logger.error("unhandled error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            }
            return try apiError.response(from: request, context: context)
        }
    }
}

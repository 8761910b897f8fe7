import Hummingbird
import Logging

/// Turns every error into the API's JSON error body (and logs unexpected ones, never returning
/// their internals); a browser asking for a page outside the API gets `page`'s HTML instead.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    var page: (@Sendable (APIError, Request, Context) -> Response?)? = nil

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
            if let page, !request.uri.path.hasPrefix(RouteTable.apiPrefix), (request.headers[.accept] ?? "").contains("text/html"),
               var response = page(apiError, request, context) {
                for field in apiError.headers { response.headers[field.name] = field.value }
                return response
            }
            return try apiError.response(from: request, context: context)
        }
    }
}

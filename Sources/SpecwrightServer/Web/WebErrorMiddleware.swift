import Foundation
import Hummingbird
import Logging

/// Errors of pages and form actions as pages: a request that needs a user goes to the sign-in
/// page (and comes back after); any other refusal or failure is an error page with its status.
/// The page's own script, asking for JSON, gets the API's JSON error instead.
struct WebErrorMiddleware: RouterMiddleware {
    let app: WebApp

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = APIError.from(error)
            if WebApp.wantsJSON(request) { throw error }
            if apiError.status == .unauthorized {
                let next = request.method == .get ? request.uri.path + (request.uri.query.map { "?" + $0 } ?? "") : "/"
                var components = URLComponents()
                components.path = "/signin"
                if next != "/" { components.queryItems = [URLQueryItem(name: "next", value: next)] }
                return WebApp.redirect(components.string ?? "/signin")
            }
            if apiError.status == .internalServerError {
                context.logger.error("unhandled error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            }
            var response = app.errorPage(apiError, request, context)
            for field in apiError.headers { response.headers[field.name] = field.value }
            if let retry = apiError.retryAfter { response.headers[.retryAfter] = String(retry) }
            return response
        }
    }
}

/// The headers every response carries: a strict Content-Security-Policy (scripts, styles and
/// images from this origin only; no inline script or eval; no framing), no MIME sniffing, and a
/// same-origin referrer policy.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var policy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; "
            + "base-uri 'none'; frame-ancestors 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Cross-Origin-Opener-Policy")!] = "same-origin"
        return response
    }
}

import HTTPTypes
import Hummingbird
import SpecwrightStore

/// Signs a request in from its session cookie when it carries no `Authorization` header: the
/// session's user goes on the context like a token's. A cookie that names no open session leaves
/// the request anonymous (pages then ask to sign in).
struct SessionMiddleware: RouterMiddleware {
    let sessions: SessionAuthority

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        guard request.headers[.authorization] == nil, let cookie = request.cookies[SessionAuthority.cookieName]?.value, !cookie.isEmpty,
              let (session, user) = try await sessions.resolve(cookie: cookie) else {
            return try await next(request, context)
        }
        var context = context
        context.user = AuthenticatedUser(name: user.name, role: user.role)
        context.session = session
        context.notes.user = user.name
        // Rate-limited per session, as a token is per token.
        context.tokenHash = "session:" + session.idHash
        return try await next(request, context)
    }
}

/// Cross-site request forgery: a state-changing request signed in by cookie must carry the
/// session's token, in the `X-CSRF-Token` header or (forms) the `_csrf` field. Token requests and
/// safe methods pass; so do anonymous ones, which the role policy or the sign-in form's own
/// double-submit check handle.
struct CSRFMiddleware: RouterMiddleware {
    /// Whether a form field may carry the token (pages) or only the header (the API).
    let acceptsFormField: Bool

    static let fieldName = "_csrf"
    static let headerName = HTTPField.Name("X-CSRF-Token")!

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        guard let session = context.session, ![.get, .head, .options].contains(request.method) else {
            return try await next(request, context)
        }
        if let header = request.headers[Self.headerName], SessionAuthority.equal(header, session.csrfToken) {
            return try await next(request, context)
        }
        var request = request
        if acceptsFormField, (request.headers[.contentType] ?? "").lowercased().hasPrefix("application/x-www-form-urlencoded") {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            if let token = FormFields(String(buffer: body))[Self.fieldName], SessionAuthority.equal(token, session.csrfToken) {
                return try await next(request, context)
            }
        }
        throw APIError(.forbidden, "this request needs the page's CSRF token (reload the page and try again)")
    }
}

/// A user signed in with a one-time password goes to the password page before anything else.
struct PasswordChangeGate: RouterMiddleware {
    static let allowed: Set<String> = ["/account/password", "/signout"]

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        guard context.session?.mustChangePassword == true, !Self.allowed.contains(request.uri.path), !request.uri.path.hasPrefix("/assets/") else {
            return try await next(request, context)
        }
        if request.uri.path.hasPrefix(RouteTable.apiPrefix) { throw APIError(.forbidden, "choose a new password first (the account page)") }
        return Response(status: .seeOther, headers: [.location: "/account/password"])
    }
}

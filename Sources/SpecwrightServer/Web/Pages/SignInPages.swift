import Foundation
import Hummingbird
import SpecwrightStore

/// Sign in, sign out, and choosing a new password.
struct SignInPages {
    let app: WebApp

    var routes: [Route] {
        [
            Route(.get, "signin", "signInPage", role: nil, page),
            Route(.post, "signin", "signIn", role: nil, signIn),
            Route(.post, "signout", "signOut", role: .reader, signOut),
            Route(.get, "account/password", "passwordPage", role: .reader, passwordPage),
            Route(.post, "account/password", "changePassword", role: .reader, changePassword),
        ]
    }

    struct View: Encodable {
        var frame: PageFrame
        var formToken: String
        var next: String
        var name: String
        var error: String?
    }

    /// Only a path on this site: `/x`, never `//host` or a full URL.
    static func safeNext(_ value: String?) -> String {
        guard let value, value.hasPrefix("/"), !value.hasPrefix("//"), !value.hasPrefix("/\\"), !value.contains("\r"), !value.contains("\n") else { return "/" }
        return value
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = Self.safeNext(WebApp.query(request)["next"])
        if context.user != nil { return WebApp.redirect(next) }
        return form(request, context, next: next, name: "", error: nil, status: .ok)
    }

    /// The sign-in form with a fresh double-submit token (cookie and hidden field).
    private func form(_ request: Request, _ context: AppRequestContext, next: String, name: String, error: String?, status: HTTPResponse.Status) -> Response {
        let token = SessionAuthority.randomToken()
        var response = app.renderer.render("signin", View(frame: app.frame("Sign in", context, request: request), formToken: token, next: next, name: name, error: error), status: status)
        response.setCookie(Cookie(name: SessionAuthority.signInCookieName, value: token, maxAge: 3600, path: "/signin", secure: app.sessions.isSecure(request), httpOnly: true, sameSite: .strict))
        return response
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let fields = try await WebApp.form(request, context)
        let next = Self.safeNext(fields["next"])
        let name = (fields["name"] ?? "").trimmingCharacters(in: .whitespaces)
        guard let cookie = request.cookies[SessionAuthority.signInCookieName]?.value, let token = fields["_csrf"], SessionAuthority.equal(cookie, token) else {
            throw APIError(.forbidden, "the sign-in form expired or came from another site; reload the page and try again")
        }
        do {
            let (session, user) = try await app.sessions.signIn(name: name, password: fields["password"] ?? "", address: context.remoteAddress)
            app.service.followUps.audit(AuditRecord(user: user.name, action: "POST /signin", target: nil, address: context.remoteAddress, outcome: "ok"))
            var response = WebApp.redirect(user.mustChangePassword ? "/account/password" : next)
            response.setCookie(app.sessions.cookie(session, for: request))
            response.setCookie(app.sessions.expired(SessionAuthority.signInCookieName, path: "/signin", for: request))
            return response
        } catch let error as APIError where error.status == .unauthorized || error.status == .tooManyRequests {
            app.service.followUps.audit(AuditRecord(user: name.isEmpty ? nil : String(name.prefix(100)), action: "POST /signin", target: nil, address: context.remoteAddress, outcome: "refused"))
            var response = form(request, context, next: next, name: name, error: error.message, status: error.status)
            if let retry = error.retryAfter { response.headers[.retryAfter] = String(retry) }
            return response
        }
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let session = context.session { try await app.sessions.signOut(session) }
        var response = WebApp.redirect("/signin")
        response.setCookie(app.sessions.expired(SessionAuthority.cookieName, for: request))
        return response
    }

    struct PasswordView: Encodable {
        var frame: PageFrame
        var mustChange: Bool
        var error: String?
    }

    @Sendable func passwordPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        app.renderer.render("password", PasswordView(frame: app.frame("Change password", context, request: request), mustChange: context.session?.mustChangePassword ?? false))
    }

    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        guard let session = context.session else { throw APIError(.badRequest, "change a password from a signed-in browser, or with `specwright admin user passwd`") }
        let fields = try await WebApp.form(request, context)
        let current = fields["current"] ?? ""
        let new = fields["new"] ?? ""
        func refuse(_ message: String) -> Response {
            app.renderer.render("password", PasswordView(frame: app.frame("Change password", context, request: request), mustChange: session.mustChangePassword, error: message), status: .badRequest)
        }
        guard new == fields["confirm"] else { return refuse("the new password and its confirmation differ") }
        if let problem = PasswordHasher.problem(new) { return refuse(problem) }
        guard new != current else { return refuse("choose a password other than the current one") }
        let record = try await app.store.user(named: user.name)
        guard try await app.sessions.passwords.verify(current, hash: record?.passwordHash) else { return refuse("the current password is wrong") }
        let hash = try await app.sessions.passwords.hash(new)
        // A new password ends every session of the user, this one too: sign in again with it.
        _ = try await app.store.updateUser(named: user.name, UserChange(passwordHash: hash, mustChangePassword: false))
        let (cookie, _) = try await app.sessions.signIn(name: user.name, password: new, address: context.remoteAddress)
        var response = WebApp.redirect("/?done=password")
        response.setCookie(app.sessions.cookie(cookie, for: request))
        return response
    }
}

import Foundation
import Hummingbird
import SpecwrightCore
import SpecwrightStore

/// `/admin`: users (create, role, password reset, disable), API tokens (create, revoke), and the
/// audit log with filters. Admins only; a new password or token is shown once, on the page the
/// action returns, and never stored in clear.
struct AdminPages {
    let app: WebApp

    var routes: [Route] {
        [
            Route(.get, "admin", "adminPage", role: .admin, page),
            Route(.post, "admin/users", "createUserPage", role: .admin, createUser),
            Route(.post, "admin/users/:name", "updateUserPage", role: .admin, updateUser),
            Route(.post, "admin/tokens", "createTokenPage", role: .admin, createToken),
            Route(.post, "admin/tokens/:prefix/revoke", "revokeTokenPage", role: .admin, revokeToken),
            Route(.get, "admin/audit", "auditPage", role: .admin, audit),
        ] + webhookRoutes
    }

    struct RoleOption: Encodable {
        var value: String
        var selected: Bool
    }

    struct UserRow: Encodable {
        var name: String
        var role: String
        var roles: [RoleOption]
        var disabled: Bool
        var hasPassword: Bool
        var mustChange: Bool
        var created: String
        var isSelf: Bool
    }

    struct TokenRow: Encodable {
        var prefix: String
        var user: String
        var role: String
        var created: String
        var revoked: String?
    }

    struct Secret: Encodable {
        var label: String
        var value: String
    }

    struct View: Encodable {
        var frame: PageFrame
        var users: [UserRow]
        var tokens: [TokenRow]
        var roles: [String]
        var userNames: [String]
        var secret: Secret?
        var error: String?
        var webhooks: [WebhookRow]
        var deliveries: [DeliveryRow]
        var hasDeliveries: Bool
        var events: [String]
    }

    private var administration: UserAdministration { UserAdministration(store: app.store, cost: app.configuration.passwordCost) }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render(request, context, secret: nil, error: nil, status: .ok)
    }

    func render(_ request: Request, _ context: AppRequestContext, secret: Secret?, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let me = try context.requireUser()
        let users = try await app.store.users()
        let hooks = try await webhookRows()
        let view = View(
            frame: app.frame("Admin", context, request: request, section: "admin"),
            users: users.map { user in
                UserRow(name: user.name, role: user.role.rawValue, roles: UserRole.allCases.map { RoleOption(value: $0.rawValue, selected: $0 == user.role) },
                        disabled: user.disabled, hasPassword: user.passwordHash != nil, mustChange: user.mustChangePassword,
                        created: WebApp.displayDate(user.createdAt), isSelf: user.name == me.name)
            },
            tokens: try await app.store.tokens().reversed().map { token in
                TokenRow(prefix: token.prefix, user: token.user, role: token.role.rawValue, created: WebApp.displayDate(token.createdAt),
                         revoked: token.revokedAt.map(WebApp.displayDate))
            },
            roles: UserRole.allCases.map(\.rawValue), userNames: users.filter { !$0.disabled }.map(\.name), secret: secret, error: error,
            webhooks: hooks.webhooks, deliveries: hooks.deliveries, hasDeliveries: !hooks.deliveries.isEmpty, events: WebhookEvent.allCases.map(\.rawValue))
        return app.renderer.render("admin", view, status: status)
    }

    /// Runs an admin action; a refusal (bad name, taken name, short password) is shown on the page.
    private func attempt(_ request: Request, _ context: AppRequestContext, _ action: () async throws -> Secret?) async throws -> Response {
        do {
            guard let secret = try await action() else { return WebApp.redirect("/admin?done=user") }
            return try await render(request, context, secret: secret, error: nil, status: .ok)
        } catch let error as SpecwrightError {
            return try await render(request, context, secret: nil, error: error.description, status: .badRequest)
        } catch let error as StoreError {
            let apiError = APIError.from(error)
            return try await render(request, context, secret: nil, error: apiError.message, status: apiError.status)
        }
    }

    @Sendable func createUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await WebApp.form(request, context)
        let name = try form.require("name")
        guard let role = UserRole(rawValue: form["role"] ?? "") else { throw APIError(.badRequest, "role must be one of " + UserRole.allCases.map(\.rawValue).joined(separator: ", ")) }
        return try await attempt(request, context) {
            let (_, password) = try await administration.create(name: name, role: role, password: nil)
            return Secret(label: "One-time password for \(name) (shown once; they choose their own at first sign-in)", value: password!)
        }
    }

    @Sendable func updateUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireUser()
        let name = try context.parameters.require("name")
        let form = try await WebApp.form(request, context)
        return try await attempt(request, context) {
            switch form["action"] {
            case "role":
                guard let role = UserRole(rawValue: form["role"] ?? "") else { throw SpecwrightError.invalid("role must be one of " + UserRole.allCases.map(\.rawValue).joined(separator: ", ")) }
                guard name != me.name || role == .admin else { throw SpecwrightError.invalid("you cannot take the admin role from yourself") }
                try await administration.setRole(name: name, role)
                return nil
            case "disable", "enable":
                guard name != me.name else { throw SpecwrightError.invalid("you cannot disable yourself") }
                try await administration.setDisabled(name: name, form["action"] == "disable")
                return nil
            case "reset":
                let password = try await administration.setPassword(name: name, password: nil)
                return Secret(label: "New one-time password for \(name) (shown once; their sessions have ended)", value: password!)
            default:
                throw SpecwrightError.invalid("action must be role, disable, enable or reset")
            }
        }
    }

    @Sendable func createToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await WebApp.form(request, context)
        let name = try form.require("user")
        guard let user = try await app.store.user(named: name) else { throw APIError(.badRequest, "no user '\(name)'") }
        let (token, _) = try await TokenAdministration(store: app.store).issue(user: user.name, role: user.role)
        return try await render(request, context, secret: Secret(label: "API token for \(user.name) (\(user.role.rawValue); shown once)", value: token), error: nil, status: .ok)
    }

    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let prefix = try context.parameters.require("prefix")
        try await TokenAdministration(store: app.store).revoke(prefix: prefix)
        return WebApp.redirect("/admin?done=token")
    }

    struct AuditRow: Encodable {
        var time: String
        var user: String
        var action: String
        var target: String
        var address: String
        var outcome: String
        var refused: Bool
    }

    struct AuditView: Encodable {
        var frame: PageFrame
        var rows: [AuditRow]
        var user: String
        var action: String
        var outcome: String
        var older: String?
    }

    @Sendable func audit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = WebApp.query(request)
        func value(_ name: String) -> String? {
            guard let text = parameters[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return String(text.prefix(200))
        }
        let query = AuditQuery(limit: 100, user: value("user"), action: value("action"), outcome: value("outcome"), before: value("before").flatMap(Int64.init))
        // Entries this server has handed over (this very request's sign-in, say) are in the page.
        await app.service.followUps.flush()
        let entries = try await app.store.auditLog(query)
        var older: String?
        if entries.count == query.limit, let last = entries.last?.id {
            var components = URLComponents()
            components.path = "/admin/audit"
            components.queryItems = [("user", query.user), ("action", query.action), ("outcome", query.outcome)].compactMap { name, value in
                value.map { URLQueryItem(name: name, value: $0) }
            } + [URLQueryItem(name: "before", value: String(last))]
            older = components.string
        }
        let view = AuditView(
            frame: app.frame("Audit log", context, request: request, section: "admin"),
            rows: entries.map { entry in
                AuditRow(time: WebApp.displayDate(entry.time), user: entry.user ?? "—", action: entry.action, target: entry.target ?? "", address: entry.address ?? "",
                         outcome: entry.outcome, refused: entry.outcome == "refused" || entry.outcome.hasPrefix("4") || entry.outcome.hasPrefix("5"))
            },
            user: query.user ?? "", action: query.action ?? "", outcome: query.outcome ?? "", older: older)
        return app.renderer.render("audit", view)
    }
}

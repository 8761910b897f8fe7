import Foundation
import Hummingbird
import SpecwrightStore

/// The admin page's webhooks: register (the secret is shown once), remove, and the delivery log.
extension AdminPages {
    var webhookRoutes: [Route] {
        [
            Route(.post, "admin/webhooks", "createWebhookPage", role: .admin, createWebhook),
            Route(.post, "admin/webhooks/:id/delete", "deleteWebhookPage", role: .admin, deleteWebhook),
        ]
    }

    struct WebhookRow: Encodable {
        var id: Int64
        var url: String
        var events: String
        var created: String
        var createdBy: String
    }

    struct DeliveryRow: Encodable {
        var id: Int64
        var webhook: Int64
        var event: String
        var state: String
        var attempts: Int
        var last: String
        var created: String
        var next: String?
    }

    /// The webhooks and their newest deliveries, for the page.
    func webhookRows() async throws -> (webhooks: [WebhookRow], deliveries: [DeliveryRow]) {
        let hooks = try await app.store.webhooks().map { hook in
            WebhookRow(id: hook.id ?? 0, url: hook.url, events: hook.events.joined(separator: ", "), created: WebApp.displayDate(hook.createdAt), createdBy: hook.createdBy)
        }
        await app.service.followUps.flush()
        let deliveries = try await app.store.deliveries(webhookID: nil, limit: 30).map { delivery in
            let last = [delivery.lastStatus.map { "HTTP \($0)" }, delivery.lastError].compactMap { $0 }.joined(separator: " · ")
            return DeliveryRow(id: delivery.id ?? 0, webhook: delivery.webhookID, event: delivery.event, state: delivery.state.rawValue, attempts: delivery.attempts,
                               last: last.isEmpty ? "—" : last, created: WebApp.displayDate(delivery.createdAt),
                               next: delivery.state == .pending ? WebApp.displayDate(delivery.nextAttemptAt) : nil)
        }
        return (hooks, deliveries)
    }

    @Sendable func createWebhook(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let form = try await WebApp.form(request, context)
        let url = try form.require("url", label: "the URL")
        let secret = form["secret"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            let hook = try await WebhooksController.register(url: url, events: form.all("events"), secret: secret, by: user.name, in: app.store)
            return try await render(request, context, secret: Secret(label: "Signing secret for webhook #\(hook.id ?? 0) (\(hook.url); shown once)", value: hook.secret),
                                    error: nil, status: .ok)
        } catch let error as APIError where error.status == .badRequest {
            return try await render(request, context, secret: nil, error: error.message, status: .badRequest)
        }
    }

    @Sendable func deleteWebhook(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError(.notFound, "no such webhook") }
        _ = try await WebApp.form(request, context)
        guard try await app.store.deleteWebhook(id: id) else { throw APIError(.notFound, "no webhook \(id)") }
        return WebApp.redirect("/admin?done=webhook#webhooks")
    }
}

import Foundation
import Hummingbird
import SpecwrightStore

/// `/api/v1/webhooks`: where events are delivered, and the delivery log (admins only).
struct WebhooksController {
    let store: any SpecStore
    let followUps: FollowUpWriter

    var routes: [Route] {
        [
            Route(.get, "webhooks", "listWebhooks", role: .admin, list),
            Route(.post, "webhooks", "createWebhook", role: .admin, create),
            Route(.delete, "webhooks/:id", "deleteWebhook", role: .admin, delete),
            Route(.get, "webhooks/:id/deliveries", "listDeliveries", role: .admin, deliveries),
        ]
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.json(WebhookList(webhooks: try await store.webhooks().map { WebhookBody($0) }), for: request)
    }

    struct CreateRequest: Decodable {
        var url: String
        var events: [String]
        var secret: String?
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await request.decode(as: CreateRequest.self, context: context)
        let webhook = try await Self.register(url: body.url, events: body.events, secret: body.secret, by: user.name, in: store)
        var response = try context.json(WebhookBody(webhook, showingSecret: true), for: request, status: .created)
        response.headers[.location] = "/api/v1/webhooks/\(webhook.id ?? 0)"
        return response
    }

    /// An http(s) URL of a host name or address, an optional port and a path of URI characters (the
    /// OpenAPI document's pattern): no user info, no spaces, no malformed `%` escapes.
    nonisolated(unsafe) static let plainURL = #/https?://[A-Za-z0-9][A-Za-z0-9.-]*(:([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?(/([A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?/#

    /// Checks and stores a webhook: an http(s) URL, known events, a secret of 16 to 200 characters
    /// (one is made when none is given). The API and the admin page both come here.
    static func register(url: String, events: [String], secret: String?, by user: String, in store: any SpecStore) async throws -> WebhookRecord {
        guard url.unicodeScalars.count <= 2000, url.wholeMatch(of: Self.plainURL) != nil, let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
              let host = parsed.host, !host.isEmpty else {
            throw APIError(.badRequest, "url must be an http or https URL")
        }
        let unknown = events.filter { WebhookEvent(rawValue: $0) == nil }
        guard !events.isEmpty, unknown.isEmpty else {
            throw APIError(.badRequest, unknown.isEmpty ? "events: choose at least one" : "events: unknown \(unknown.map { "'\($0)'" }.joined(separator: ", "))",
                           details: WebhookEvent.allCases.map(\.rawValue))
        }
        let secret = secret ?? "whsec_" + TokenAdministration.randomHex(bytes: 24)
        guard (16...200).contains(secret.unicodeScalars.count), secret.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw APIError(.badRequest, "secret must be 16 to 200 printable ASCII characters without spaces")
        }
        let ordered = WebhookEvent.allCases.map(\.rawValue).filter(events.contains)
        return try await store.createWebhook(WebhookRecord(url: url, secret: secret, events: ordered, createdBy: user))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try ReviewController.id(context)
        guard try await store.deleteWebhook(id: id) else { throw APIError(.notFound, "no webhook \(id)") }
        return Response(status: .noContent)
    }

    @Sendable func deliveries(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try ReviewController.id(context)
        guard try await store.webhooks().contains(where: { $0.id == id }) else { throw APIError(.notFound, "no webhook \(id)") }
        // Events this server has handed over are in the list.
        await followUps.flush()
        return try context.json(DeliveryList(deliveries: try await store.deliveries(webhookID: id, limit: 100).map(DeliveryBody.init)), for: request)
    }
}

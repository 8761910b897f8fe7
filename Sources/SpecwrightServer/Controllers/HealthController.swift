import Hummingbird
import SpecwrightStore

/// `/healthz` (the process answers), `/readyz` (the database answers) and `/metrics` (Prometheus),
/// open to anyone.
struct HealthController {
    let store: any SpecStore
    let metrics: @Sendable () -> String

    var routes: [Route] {
        [
            Route(.get, "/healthz", "health", role: nil) { request, context in try context.json(["status": "ok"], for: request) },
            Route(.get, "/readyz", "ready", role: nil) { request, context in
                do {
                    try await store.ping()
                } catch {
                    throw APIError(.serviceUnavailable, "the database does not answer")
                }
                return try context.json(["status": "ready"], for: request)
            },
            Route(.get, "/metrics", "metrics", role: nil) { _, _ in
                Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: metrics())))
            },
        ]
    }
}

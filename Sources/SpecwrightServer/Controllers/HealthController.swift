import Hummingbird
import SpecwrightStore

/// `/healthz` (the process answers), `/readyz` (the database answers) and `/metrics` (Prometheus).
struct HealthController {
    let store: any SpecStore
    let metrics: @Sendable () -> String

    func register(on router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ in try JSON.response(["status": "ok"]) }
        router.get("readyz") { _, _ in
            do {
                try await store.ping()
                return try JSON.response(["status": "ready"])
            } catch {
                throw APIError(.serviceUnavailable, "the database does not answer")
            }
        }
        router.get("metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: metrics())))
        }
    }
}

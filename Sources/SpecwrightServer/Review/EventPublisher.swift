import Foundation
import Logging
import SpecwrightCore
import SpecwrightStore

/// Queues events for the webhooks that take them, in the database (so a restart loses none), and
/// wakes the ``WebhookDeliverer``. Publishing never waits for a receiver.
public final class EventPublisher: Sendable {
    let store: any SpecStore
    let logger: Logger
    private let signal: AsyncStream<Void>.Continuation
    /// Ticks each time something is queued (the deliverer's cue to look now rather than at its next poll).
    let published: AsyncStream<Void>

    init(store: any SpecStore, logger: Logger = Logger(label: "specwright.events")) {
        self.store = store
        self.logger = logger
        (published, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues `payload`. The write it reports has happened: a failure to queue is logged, not thrown.
    func publish(_ payload: EventPayload) async {
        do {
            let body = try JSONFormat.encoder.encode(payload)
            if try await store.enqueueEvent(payload.event.rawValue, payload: body, at: payload.createdAt) > 0 { signal.yield() }
        } catch {
            logger.error("could not queue an event", metadata: ["event": "\(payload.event.rawValue)", "spec": "\(payload.spec.slug)", "error": "\(error)"])
        }
    }
}

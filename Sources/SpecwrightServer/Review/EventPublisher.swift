import Foundation
import Logging
import SpecwrightCore
import SpecwrightStore

/// Queues events for the webhooks that take them, in the database (so a restart loses none), and
/// wakes the ``WebhookDeliverer``. Publishing never waits for a receiver.
public final class EventPublisher: Sendable {
    let store: any SpecStore
    let logger: Logger
    /// Raised each time something is queued: the deliverer's cue to look now rather than at its next poll.
    let published = Flag()

    init(store: any SpecStore, logger: Logger = Logger(label: "specwright.events")) {
        self.store = store
        self.logger = logger
    }

    /// Queues `payload`. The write it reports has happened: a failure to queue is logged, not thrown.
    func publish(_ payload: EventPayload) async {
        do {
            let body = try JSONFormat.encoder.encode(payload)
            if try await store.enqueueEvent(payload.event.rawValue, payload: body, at: payload.createdAt) > 0 { published.raise() }
        } catch {
            logger.error("could not queue an event", metadata: ["event": "\(payload.event.rawValue)", "spec": "\(payload.spec.slug)", "error": "\(error)"])
        }
    }
}

/// A flag one side raises and the other takes down, safe across threads.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false

    func raise() { lock.withLock { raised = true } }

    var isRaised: Bool { lock.withLock { raised } }

    /// Whether the flag was raised since the last call (and lowers it).
    func take() -> Bool { lock.withLock { defer { raised = false }; return raised } }
}

/// A count shared across tasks.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    func add(_ amount: Int) { lock.withLock { count += amount } }
}

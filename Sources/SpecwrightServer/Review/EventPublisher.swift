import Foundation
import Logging
import SpecwrightCore
import SpecwrightStore

/// Queues events for the webhooks that take them, in the database (so a restart loses none), and
/// wakes the ``WebhookDeliverer``. Publishing never waits for a receiver; an event the database
/// cannot take now is kept and queued once it is back (``FollowUpWriter``).
public final class EventPublisher: Sendable {
    let followUps: FollowUpWriter
    let logger: Logger
    /// Raised each time something is queued: the deliverer's cue to look now rather than at its next poll.
    var published: Flag { followUps.eventQueued }

    init(followUps: FollowUpWriter, logger: Logger = Logger(label: "specwright.events")) {
        self.followUps = followUps
        self.logger = logger
    }

    /// Hands `payload` over to be queued. The write it reports has happened: a failure to queue is
    /// logged, not thrown.
    func publish(_ payload: EventPayload) {
        let body: Data
        do {
            body = try JSONFormat.encoder.encode(payload)
        } catch {
            logger.error("could not encode an event", metadata: ["event": "\(payload.event.rawValue)", "spec": "\(payload.spec.slug)", "error": "\(error)"])
            return
        }
        followUps.queueEvent(payload.event.rawValue, payload: body, at: payload.createdAt)
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

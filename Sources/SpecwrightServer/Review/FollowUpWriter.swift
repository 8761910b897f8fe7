import Foundation
import Logging
import Metrics
import NIOCore
import SpecwrightStore

/// Writes what follows a request into the database: its audit entry, and the webhook events of a
/// change. A request hands them over and goes on; one task writes them behind it, in order, as
/// many at a time as have gathered (one statement and one commit for a batch, so a busy server
/// pays for a fraction of a round trip per request instead of two).
///
/// A batch the database cannot take now (``StoreError/unavailable(_:)``: a restart, a failover,
/// right after the change itself committed) is kept and written once it answers again; each write
/// carries an idempotency key, so a batch that timed out but landed is not written twice. Readers
/// of the audit log and the delivery queue call ``flush(within:)`` first, so they see what this
/// server has handed over.
///
/// What is kept lives in this process: one that is killed before the database takes it loses it
/// (as it would lose a write it had not yet sent), and a graceful shutdown says how many.
public final class FollowUpWriter: Sendable {
    private let store: any FollowUpStore
    private let logger: Logger
    /// At most this many writes wait; past it new ones are dropped (and counted in the log), so a
    /// long outage cannot exhaust memory.
    let capacity: Int
    /// How long to wait before trying the database again.
    let retryInterval: Duration
    /// Most writes in one batch.
    static let batchLimit = 500
    /// Raised each time an event is queued for at least one webhook: the deliverer's cue to look now.
    let eventQueued = Flag()
    private let state = Locked(State())
    /// On `/metrics`: writes waiting (above a handful only while the database is unavailable), and
    /// writes dropped for want of room.
    private let waiting = Gauge(label: "specwright_follow_ups_waiting")
    private let droppedTotal = Metrics.Counter(label: "specwright_follow_ups_dropped_total")

    private struct State {
        /// Handed over, not yet written, oldest first.
        var pending = CircularBuffer<FollowUp>()
        var draining = false
        /// Writes handed over and writes done (or given up), since the start: what a flush waits on.
        var handedOver = 0
        var done = 0
        /// Set by ``FollowUpWriter/finish(within:)``: the drain stops.
        var finished = false
        var dropped = 0
    }

    init(store: any FollowUpStore, capacity: Int = 10_000, retryInterval: Duration = .milliseconds(500),
         logger: Logger = Logger(label: "specwright.follow-ups")) {
        self.store = store
        self.capacity = capacity
        self.retryInterval = retryInterval
        self.logger = logger
    }

    /// The writer for a server's store.
    public convenience init(store: any SpecStore) {
        self.init(store: StoreFollowUps(store: store))
    }

    /// Hands over an audit entry.
    public func audit(_ entry: AuditRecord) {
        hand(FollowUp(.audit(entry)))
    }

    /// Hands over an event for the webhooks that take it.
    func queueEvent(_ event: String, payload: Data, at time: Date) {
        hand(FollowUp(.event(event, payload: payload, at: time)))
    }

    /// Writes handed over and not yet written.
    public var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Waits until every write handed over before this call is written (or given up), or `limit`
    /// passes (the database being unavailable); whether they were.
    @discardableResult
    public func flush(within limit: Duration = .seconds(3)) async -> Bool {
        let target = state.withLock { $0.handedOver }
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while state.withLock({ $0.done < target }) {
            guard clock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return true
    }

    private func hand(_ followUp: FollowUp) {
        let (startDrain, count, dropped): (Bool, Int, Bool) = state.withLock { state in
            state.handedOver += 1
            let full = state.pending.count >= capacity
            if full {
                state.dropped += 1
                state.done += 1
            } else {
                state.pending.append(followUp)
            }
            guard !state.draining, !state.finished else { return (false, state.pending.count, full) }
            state.draining = true
            return (true, state.pending.count, full)
        }
        waiting.record(count)
        if dropped { droppedTotal.increment() }
        if startDrain { Task { await drain() } }
    }

    /// Writes batches, oldest first, until none is left; waits `retryInterval` whenever the
    /// database is unavailable.
    private func drain() async {
        var unavailableSince: ContinuousClock.Instant?
        while let batch = nextBatch() {
            do {
                let deliveries = try await store.writeFollowUps(batch)
                if deliveries > 0 { eventQueued.raise() }
                removeWritten(batch.count)
                if unavailableSince != nil {
                    unavailableSince = nil
                    logger.notice("the database is back; wrote the follow-ups kept meanwhile", metadata: ["kept": "\(pendingCount + batch.count)"])
                }
            } catch StoreError.unavailable(let reason) {
                if unavailableSince == nil {
                    unavailableSince = .now
                    logger.warning("the database is unavailable; keeping audit entries and events until it is back", metadata: ["reason": "\(reason)"])
                }
                try? await Task.sleep(for: retryInterval)
            } catch {
                await writeOneByOne(batch, after: error)
            }
        }
        let dropped = state.withLock { state in defer { state.dropped = 0 }; return state.dropped }
        if dropped > 0 {
            logger.error("audit entries and events were dropped while the database was unavailable (more than the capacity)",
                         metadata: ["dropped": "\(dropped)", "capacity": "\(capacity)"])
        }
    }

    /// A batch the database refused as a whole (not for being unavailable): writes each on its
    /// own, so one bad write costs only itself.
    private func writeOneByOne(_ batch: [FollowUp], after error: any Error) async {
        guard batch.count > 1 else {
            logger.error("could not write a follow-up", metadata: ["write": "\(batch[0].label)", "error": "\(error)"])
            removeWritten(1)
            return
        }
        for followUp in batch {
            do {
                if try await store.writeFollowUps([followUp]) > 0 { eventQueued.raise() }
            } catch StoreError.unavailable {
                // Gone meanwhile: what is left of the batch waits for the next round.
                return
            } catch {
                logger.error("could not write a follow-up", metadata: ["write": "\(followUp.label)", "error": "\(error)"])
            }
            removeWritten(1)
        }
    }

    /// The oldest writes not yet written, at most ``batchLimit``; nil (and the drain ends) when
    /// none is left or the writer is finished.
    private func nextBatch() -> [FollowUp]? {
        state.withLock { state in
            guard state.pending.count > 0, !state.finished else {
                state.draining = false
                return nil
            }
            return Array(state.pending.prefix(Self.batchLimit))
        }
    }

    private func removeWritten(_ count: Int) {
        let left = state.withLock { state in
            state.pending.removeFirst(count)
            state.done += count
            return state.pending.count
        }
        waiting.record(left)
    }

    /// For a graceful shutdown: gives what is handed over up to `limit` to reach the database,
    /// then stops and says how many writes are lost with the process.
    func finish(within limit: Duration) async {
        await flush(within: limit)
        let (count, dropped) = state.withLock { state in
            state.finished = true
            return (state.pending.count, state.dropped)
        }
        if count + dropped > 0 {
            logger.error("shutting down with audit entries and events the database never took; they are lost", metadata: ["kept": "\(count)", "dropped": "\(dropped)"])
        }
    }
}

extension FollowUp {
    var label: String {
        switch kind {
        case .audit(let entry): "audit \(entry.action) \(entry.outcome)"
        case .event(let event, _, _): "event \(event)"
        }
    }
}

/// Where follow-up writes go (a store; a test double in tests).
protocol FollowUpStore: Sendable {
    /// See ``SpecStore/writeFollowUps(_:)``.
    func writeFollowUps(_ followUps: [FollowUp]) async throws -> Int
}

struct StoreFollowUps: FollowUpStore {
    let store: any SpecStore

    func writeFollowUps(_ followUps: [FollowUp]) async throws -> Int { try await store.writeFollowUps(followUps) }
}

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

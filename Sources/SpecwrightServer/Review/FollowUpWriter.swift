import Foundation
import Logging
import SpecwrightStore

/// Writes what follows a request into the database: its audit entry, and the webhook events of a
/// change. These come after the change itself has committed, so when the database goes away in
/// between (a restart, a failover), failing them would lose the record of a change that happened.
/// Instead a write the database cannot take now (``StoreError/unavailable(_:)``) is kept in memory,
/// in order, and written once the database answers again; while any are kept, later ones queue
/// behind them rather than each waiting out the database's deadline.
///
/// What is kept lives in this process only: a process that ends (or is killed) before the
/// database returns loses it, and says how many on a graceful shutdown.
public final class FollowUpWriter: Sendable {
    /// One write that follows a request, with the idempotency key that makes a retry of it safe (a
    /// write that timed out may still land).
    struct Write: Sendable {
        enum Kind: Sendable {
            case audit(AuditRecord)
            case event(String, payload: Data, at: Date)
        }

        let kind: Kind
        let key = UUID().uuidString
    }

    private let sink: any FollowUpSink
    private let logger: Logger
    /// At most this many writes are kept; past it new ones are dropped (and counted in the log),
    /// so a long outage cannot exhaust memory.
    let capacity: Int
    /// How long to wait before trying the database again.
    let retryInterval: Duration
    /// Raised each time an event is queued for at least one webhook: the deliverer's cue to look now.
    let eventQueued = Flag()
    private let state = Locked(State())

    private struct State {
        var pending: [Write] = []
        /// The first of `pending` not yet written (the array is compacted as it drains).
        var head = 0
        var draining = false
        /// Set by ``FollowUpWriter/finish(within:)``: the drain stops trying.
        var finished = false
        var dropped = 0
        var count: Int { pending.count - head }
    }

    init(sink: any FollowUpSink, capacity: Int = 10_000, retryInterval: Duration = .milliseconds(500),
         logger: Logger = Logger(label: "specwright.follow-ups")) {
        self.sink = sink
        self.capacity = capacity
        self.retryInterval = retryInterval
        self.logger = logger
    }

    convenience init(store: any SpecStore) {
        self.init(sink: StoreFollowUpSink(store: store))
    }

    /// Writes an audit entry, now or (the database being unavailable) as soon as it is back.
    public func audit(_ entry: AuditRecord) async {
        await write(Write(kind: .audit(entry)))
    }

    /// Queues an event for the webhooks that take it, now or as soon as the database is back.
    func queueEvent(_ event: String, payload: Data, at time: Date) async {
        await write(Write(kind: .event(event, payload: payload, at: time)))
    }

    /// Writes kept for the database's return.
    public var pendingCount: Int { state.withLock { $0.count } }

    private func write(_ write: Write) async {
        // Behind writes already waiting, to keep their order and not wait out another deadline.
        if keepIfWaiting(write) { return }
        do {
            try await perform(write)
        } catch StoreError.unavailable(let reason) {
            logger.warning("the database is unavailable; keeping a follow-up write until it is back", metadata: ["reason": "\(reason)"])
            keep(write)
        } catch {
            logger.error("could not write a follow-up", metadata: ["write": "\(write.label)", "error": "\(error)"])
        }
    }

    private func perform(_ write: Write) async throws {
        switch write.kind {
        case .audit(let entry):
            try await sink.audit(entry, key: write.key)
        case .event(let event, let payload, let time):
            if try await sink.enqueueEvent(event, payload: payload, at: time, key: write.key) > 0 { eventQueued.raise() }
        }
    }

    private func keepIfWaiting(_ write: Write) -> Bool {
        let startDrain: Bool? = state.withLock { state in
            guard state.count > 0 else { return nil }
            return Self.append(write, to: &state, capacity: capacity)
        }
        guard let startDrain else { return false }
        if startDrain { startDraining() }
        return true
    }

    private func keep(_ write: Write) {
        if state.withLock({ Self.append(write, to: &$0, capacity: capacity) }) { startDraining() }
    }

    /// Appends `write` unless full; whether a drain must start.
    private static func append(_ write: Write, to state: inout State, capacity: Int) -> Bool {
        if state.count >= capacity {
            state.dropped += 1
        } else {
            state.pending.append(write)
        }
        guard !state.draining else { return false }
        state.draining = true
        return true
    }

    private func startDraining() {
        Task { await drain() }
    }

    /// Writes what is kept, oldest first, until none is left; waits `retryInterval` whenever the
    /// database is still unavailable.
    private func drain() async {
        var written = 0
        while let next = nextPending() {
            if state.withLock({ $0.finished }) { return }
            do {
                try await perform(next)
                written += 1
                removeHead()
            } catch StoreError.unavailable {
                try? await Task.sleep(for: retryInterval)
            } catch {
                logger.error("could not write a follow-up", metadata: ["write": "\(next.label)", "error": "\(error)"])
                removeHead()
            }
        }
        let dropped = state.withLock { state in defer { state.dropped = 0 }; return state.dropped }
        logger.notice("the database is back; wrote the follow-ups kept meanwhile", metadata: ["written": "\(written)", "dropped": "\(dropped)"])
        if dropped > 0 {
            logger.error("follow-up writes were dropped while the database was unavailable (more than the capacity)", metadata: ["dropped": "\(dropped)", "capacity": "\(capacity)"])
        }
    }

    /// The oldest kept write; nil (and the drain ends) when none is left.
    private func nextPending() -> Write? {
        state.withLock { state in
            guard state.count > 0 else {
                state.pending = []
                state.head = 0
                state.draining = false
                return nil
            }
            return state.pending[state.head]
        }
    }

    private func removeHead() {
        state.withLock { state in
            state.head += 1
            if state.head >= 1024, state.head * 2 >= state.pending.count {
                state.pending.removeFirst(state.head)
                state.head = 0
            }
        }
    }

    /// For a graceful shutdown: gives kept writes up to `limit` to reach the database, then says
    /// how many are lost with the process.
    func finish(within limit: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while pendingCount > 0, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let (count, dropped) = state.withLock { state in
            state.finished = true
            return (state.count, state.dropped)
        }
        if count + dropped > 0 {
            logger.error("shutting down with follow-up writes the database never took; they are lost", metadata: ["kept": "\(count)", "dropped": "\(dropped)"])
        }
    }
}

extension FollowUpWriter.Write {
    var label: String {
        switch kind {
        case .audit(let entry): "audit \(entry.action) \(entry.outcome)"
        case .event(let event, _, _): "event \(event)"
        }
    }
}

/// Where follow-up writes go: the store's audit log and event queue.
protocol FollowUpSink: Sendable {
    /// Writes `entry` once per `key`.
    func audit(_ entry: AuditRecord, key: String) async throws
    /// How many deliveries the event made (webhooks that take it; none when `key` was queued before).
    func enqueueEvent(_ event: String, payload: Data, at time: Date, key: String) async throws -> Int
}

struct StoreFollowUpSink: FollowUpSink {
    let store: any SpecStore

    func audit(_ entry: AuditRecord, key: String) async throws { try await store.audit(entry, key: key) }
    func enqueueEvent(_ event: String, payload: Data, at time: Date, key: String) async throws -> Int {
        try await store.enqueueEvent(event, payload: payload, at: time, key: key)
    }
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

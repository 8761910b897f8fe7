import Foundation

/// Fails database operations that outlive their deadline, with one timer for all of them.
///
/// A timer per operation (a sleeping task each) cost the server about 5 % of its time at a few
/// thousand queries a second, in the timer heap alone; operations that finish in time, nearly
/// all of them, now only enter and leave a dictionary. The watch looks every 100 ms, so a
/// deadline fires up to that much late.
final class DeadlineWatch: @unchecked Sendable {
    static let shared = DeadlineWatch()

    /// What the watch keeps of one operation: when it is due, what to do then, and the task doing
    /// the work (to cancel it), set once that task exists.
    private struct Entry {
        let due: ContinuousClock.Instant
        let expire: @Sendable (Task<Void, Never>?) -> Void
        var work: Task<Void, Never>?
    }

    private let lock = NSLock()
    private var entries: [UInt64: Entry] = [:]
    private var nextID: UInt64 = 0
    private var ticking = false

    /// Watches an operation due at `due`; `expire` runs once if it is still watched then.
    func watch(until due: ContinuousClock.Instant, expire: @escaping @Sendable (Task<Void, Never>?) -> Void) -> UInt64 {
        let (id, start): (UInt64, Bool) = lock.withLock {
            nextID += 1
            entries[nextID] = Entry(due: due, expire: expire)
            defer { ticking = true }
            return (nextID, !ticking)
        }
        if start { Task.detached { await self.tick() } }
        return id
    }

    /// The task doing the watched work, cancelled if the deadline passes.
    func attach(_ work: Task<Void, Never>, to id: UInt64) {
        lock.withLock { entries[id]?.work = work }
    }

    /// The operation finished: no deadline for it any more.
    func forget(_ id: UInt64) {
        lock.withLock { _ = entries.removeValue(forKey: id) }
    }

    /// Expires what is due every 100 ms while anything is watched, then stops until the next watch.
    private func tick() async {
        while true {
            try? await Task.sleep(for: .milliseconds(100))
            let now = ContinuousClock.now
            let (due, idle): ([Entry], Bool) = lock.withLock {
                let due = entries.filter { $0.value.due <= now }
                for id in due.keys { entries.removeValue(forKey: id) }
                if entries.isEmpty { ticking = false }
                return (Array(due.values), entries.isEmpty)
            }
            for entry in due { entry.expire(entry.work) }
            if idle { return }
        }
    }
}

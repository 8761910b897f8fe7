import Foundation

/// A bounded, thread-safe dictionary for values derived from immutable revisions (cleared when full).
final class DetailCache<Value: Sendable>: @unchecked Sendable {
    private var entries: [String: Value] = [:]
    private let lock = NSLock()
    private let limit: Int

    init(limit: Int = 4096) {
        self.limit = limit
    }

    func cached(_ key: String) -> Value? { lock.withLock { entries[key] } }

    func set(_ key: String, _ value: Value) {
        lock.withLock {
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
    }

    func remove(_ key: String) { lock.withLock { _ = entries.removeValue(forKey: key) } }

    func removeAll() { lock.withLock { entries.removeAll(keepingCapacity: true) } }

    /// Replaces the entry with `transform(old)` atomically (nil removes it).
    func update(_ key: String, _ transform: (Value?) -> Value?) {
        lock.withLock { entries[key] = transform(entries[key]) }
    }

    func value(for key: String, compute: () throws -> Value) rethrows -> Value {
        if let cached = lock.withLock({ entries[key] }) { return cached }
        let data = try compute()
        lock.withLock {
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[key] = data
        }
        return data
    }
}

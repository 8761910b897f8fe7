import Foundation

/// A bounded, thread-safe dictionary: the server's memory of current revisions, list pages and
/// tokens.
///
/// It holds at most `limit` entries and, when `cost` measures them, about `byteLimit` bytes; an
/// insertion beyond either bound empties it first (cheap, and fair to every key).
///
/// ```swift
/// let pages = BoundedCache<String, ByteBuffer>(limit: 1024, byteLimit: 8 << 20) { $0.readableBytes }
/// pages.set(key, page)
/// let page = pages.cached(key)
/// ```
final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private var entries: [Key: Value] = [:]
    private var totalCost = 0
    private let lock = NSLock()
    private let limit: Int
    private let byteLimit: Int
    private let cost: @Sendable (Value) -> Int

    init(limit: Int, byteLimit: Int = .max, cost: @escaping @Sendable (Value) -> Int = { _ in 0 }) {
        self.limit = limit
        self.byteLimit = byteLimit
        self.cost = cost
    }

    /// The bytes the entries measure now (0 without a `cost`).
    var bytes: Int { lock.withLock { totalCost } }

    var count: Int { lock.withLock { entries.count } }

    func cached(_ key: Key) -> Value? { lock.withLock { entries[key] } }

    func set(_ key: Key, _ value: Value) {
        lock.withLock { store(key, value) }
    }

    func remove(_ key: Key) { lock.withLock { store(key, nil) } }

    func removeAll() {
        lock.withLock {
            entries.removeAll(keepingCapacity: true)
            totalCost = 0
        }
    }

    /// Replaces the entry with `transform(old)` atomically (nil removes it).
    func update(_ key: Key, _ transform: (Value?) -> Value?) {
        lock.withLock { store(key, transform(entries[key])) }
    }

    /// Puts or removes one entry, keeping the bounds; the lock is held.
    private func store(_ key: Key, _ value: Value?) {
        if let old = entries.removeValue(forKey: key) { totalCost -= cost(old) }
        guard let value else { return }
        let size = cost(value)
        if entries.count >= limit || totalCost + size > byteLimit {
            entries.removeAll(keepingCapacity: true)
            totalCost = 0
        }
        // One value larger than the whole budget is not kept.
        guard size <= byteLimit else { return }
        entries[key] = value
        totalCost += size
    }
}

/// A count that only goes up, read and incremented from any thread.
final class WriteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    func increment() { lock.withLock { count += 1 } }
}

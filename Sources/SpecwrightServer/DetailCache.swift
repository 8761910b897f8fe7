import Foundation

/// A bounded, thread-safe dictionary for values derived from immutable revisions.
///
/// It holds at most `limit` entries and, when `cost` measures them, about `byteLimit` bytes; an
/// insertion beyond either bound empties it first (cheap, and fair to every key).
///
/// ```swift
/// let pages = DetailCache<ByteBuffer>(limit: 1024, byteLimit: 8 << 20) { $0.readableBytes }
/// let page = pages.value(for: key) { try render(query) }
/// ```
final class DetailCache<Value: Sendable>: @unchecked Sendable {
    private var entries: [String: Value] = [:]
    private var totalCost = 0
    private let lock = NSLock()
    private let limit: Int
    private let byteLimit: Int
    private let cost: @Sendable (Value) -> Int

    init(limit: Int = 4096, byteLimit: Int = .max, cost: @escaping @Sendable (Value) -> Int = { _ in 0 }) {
        self.limit = limit
        self.byteLimit = byteLimit
        self.cost = cost
    }

    /// The bytes the entries measure now (0 without a `cost`).
    var bytes: Int { lock.withLock { totalCost } }

    var count: Int { lock.withLock { entries.count } }

    func cached(_ key: String) -> Value? { lock.withLock { entries[key] } }

    func set(_ key: String, _ value: Value) {
        lock.withLock { store(key, value) }
    }

    func remove(_ key: String) { lock.withLock { store(key, nil) } }

    func removeAll() {
        lock.withLock {
            entries.removeAll(keepingCapacity: true)
            totalCost = 0
        }
    }

    /// Replaces the entry with `transform(old)` atomically (nil removes it).
    func update(_ key: String, _ transform: (Value?) -> Value?) {
        lock.withLock { store(key, transform(entries[key])) }
    }

    func value(for key: String, compute: () throws -> Value) rethrows -> Value {
        if let cached = lock.withLock({ entries[key] }) { return cached }
        let value = try compute()
        lock.withLock { store(key, value) }
        return value
    }

    /// Puts or removes one entry, keeping the bounds; the lock is held.
    private func store(_ key: String, _ value: Value?) {
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

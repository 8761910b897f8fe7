import Foundation

/// A bounded, thread-safe dictionary: the server's memory of current revisions, list pages and
/// tokens.
///
/// It holds at most `limit` entries and, when `cost` measures them, about `byteLimit` bytes; an
/// insertion beyond either bound evicts the oldest insertions until the new one fits. Under
/// uniform access that keeps the hit rate at what the budget holds (emptying the whole cache on
/// overflow, as it did first, kept it at half that on average), for an array of keys in order.
///
/// ```swift
/// let pages = BoundedCache<String, ByteBuffer>(limit: 1024, byteLimit: 8 << 20) { $0.readableBytes }
/// pages.set(key, page)
/// let page = pages.cached(key)
/// ```
final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    /// A value and the number of the insertion that put it there.
    private struct Entry {
        let value: Value
        let insertion: UInt64
    }

    private var entries: [Key: Entry] = [:]
    /// Keys in the order they were inserted, from `head` on; a key removed or inserted again since
    /// stays behind with its old insertion number and is skipped.
    private var order: [(key: Key, insertion: UInt64)] = []
    private var head = 0
    private var insertions: UInt64 = 0
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

    func cached(_ key: Key) -> Value? { lock.withLock { entries[key]?.value } }

    func set(_ key: Key, _ value: Value) {
        lock.withLock { store(key, value) }
    }

    func remove(_ key: Key) { lock.withLock { store(key, nil) } }

    func removeAll() {
        lock.withLock {
            entries.removeAll(keepingCapacity: true)
            order.removeAll(keepingCapacity: true)
            head = 0
            totalCost = 0
        }
    }

    /// Replaces the entry with `transform(old)` atomically (nil removes it).
    func update(_ key: Key, _ transform: (Value?) -> Value?) {
        lock.withLock { store(key, transform(entries[key]?.value)) }
    }

    /// Puts or removes one entry, keeping the bounds; the lock is held.
    private func store(_ key: Key, _ value: Value?) {
        if let old = entries.removeValue(forKey: key) { totalCost -= cost(old.value) }
        guard let value else { return }
        let size = cost(value)
        // One value larger than the whole budget is not kept.
        guard size <= byteLimit else { return }
        while !entries.isEmpty && (entries.count >= limit || totalCost + size > byteLimit) { evictOldest() }
        insertions += 1
        entries[key] = Entry(value: value, insertion: insertions)
        order.append((key, insertions))
        totalCost += size
        // Skipped keys pile up when the same few keys are set again and again: drop them.
        if order.count - head > 2 * entries.count + 64 { compact() }
    }

    private func evictOldest() {
        while head < order.count {
            let (key, insertion) = order[head]
            head += 1
            if let entry = entries[key], entry.insertion == insertion {
                entries.removeValue(forKey: key)
                totalCost -= cost(entry.value)
                break
            }
        }
        if head > 1024 && head * 2 > order.count { compact() }
    }

    /// Keeps only the keys still in the cache under the insertion that put them there.
    private func compact() {
        order = order[head...].filter { entries[$0.key]?.insertion == $0.insertion }
        head = 0
    }
}

/// A count that only goes up, read and incremented from any thread.
final class WriteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    func increment() { lock.withLock { count += 1 } }
}

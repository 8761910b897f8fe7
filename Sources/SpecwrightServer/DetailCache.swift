import Foundation

/// Rendered spec details keyed by content hash: a revision's text never changes, so neither does
/// its check. Bounded; cleared when full.
final class DetailCache<Value: Sendable>: @unchecked Sendable {
    private var entries: [String: Value] = [:]
    private let lock = NSLock()
    private let limit: Int

    init(limit: Int = 4096) {
        self.limit = limit
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

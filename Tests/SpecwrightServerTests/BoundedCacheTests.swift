import Testing

@testable import SpecwrightServer

/// The server's in-memory caches stay within their entry and byte bounds.
@Suite("Bounded cache")
struct BoundedCacheTests {
    static func cache(limit: Int = 100, bytes: Int = 100) -> BoundedCache<String, [UInt8]> {
        BoundedCache(limit: limit, byteLimit: bytes) { $0.count }
    }

    @Test("values are measured; replacing or removing one gives its bytes back")
    func accounting() {
        let cache = Self.cache()
        cache.set("a", Array(repeating: 0, count: 30))
        cache.set("b", Array(repeating: 0, count: 20))
        #expect(cache.bytes == 50)
        cache.set("a", Array(repeating: 0, count: 10))
        #expect(cache.bytes == 30)
        cache.update("b") { _ in nil }
        #expect(cache.bytes == 10 && cache.count == 1)
        cache.remove("a")
        #expect(cache.bytes == 0 && cache.count == 0)
    }

    @Test("an insertion past the byte budget evicts the oldest entries until it fits; a value over the whole budget is not kept")
    func byteBudget() {
        let cache = Self.cache()
        for key in ["a", "b", "c"] { cache.set(key, Array(repeating: 0, count: 40)) }
        #expect(cache.count == 2 && cache.cached("a") == nil && cache.cached("b") != nil && cache.cached("c") != nil && cache.bytes == 80)
        cache.set("d", Array(repeating: 0, count: 60))
        #expect(cache.cached("b") == nil && cache.cached("c") != nil && cache.cached("d") != nil && cache.bytes == 100)
        cache.set("huge", Array(repeating: 0, count: 101))
        #expect(cache.cached("huge") == nil)
        #expect(cache.bytes <= 100)
    }

    @Test("an insertion past the entry limit evicts the oldest entry")
    func entryLimit() {
        let cache = Self.cache(limit: 2, bytes: .max)
        for key in ["a", "b", "c"] { cache.set(key, [1]) }
        #expect(cache.count == 2 && cache.cached("a") == nil && cache.cached("b") == [1] && cache.cached("c") == [1])
    }

    @Test("a key set again counts as inserted then; removed and replaced keys do not confuse eviction")
    func reinsertion() {
        let cache = Self.cache(limit: 3, bytes: .max)
        for key in ["a", "b", "c"] { cache.set(key, [1]) }
        cache.set("a", [2])  // now the newest
        cache.remove("b")
        cache.set("d", [1])
        cache.set("e", [1])  // evicts c, the oldest still there
        #expect(cache.cached("a") == [2] && cache.cached("b") == nil && cache.cached("c") == nil && cache.cached("d") == [1] && cache.cached("e") == [1])
        // Setting one key many times keeps the bookkeeping small and the bounds right.
        for value in 0..<10_000 { cache.set("a", [UInt8(value % 256)]) }
        #expect(cache.count == 3 && cache.cached("d") == [1] && cache.cached("e") == [1])
    }
}

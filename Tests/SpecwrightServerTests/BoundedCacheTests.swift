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

    @Test("an insertion past the byte budget empties the cache first; a value over the whole budget is not kept")
    func byteBudget() {
        let cache = Self.cache()
        for key in ["a", "b", "c"] { cache.set(key, Array(repeating: 0, count: 40)) }
        #expect(cache.count == 1 && cache.cached("c") != nil && cache.bytes == 40)
        cache.set("huge", Array(repeating: 0, count: 101))
        #expect(cache.cached("huge") == nil)
        #expect(cache.bytes <= 100)
    }

    @Test("an insertion past the entry limit empties the cache first")
    func entryLimit() {
        let cache = Self.cache(limit: 2, bytes: .max)
        for key in ["a", "b", "c"] { cache.set(key, [1]) }
        #expect(cache.count == 1 && cache.cached("c") == [1])
    }
}

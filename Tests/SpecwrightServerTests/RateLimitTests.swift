import Foundation
import Hummingbird
import HummingbirdTesting
import SpecwrightServer
import SpecwrightStore
import Testing

/// Token buckets per API token, per client address when anonymous.
@Suite("Rate limiting")
struct RateLimitTests {
    static func fixture(burst: Int = 2, perSecond: Double = 1) async throws -> ServerFixture {
        var options = ServerFixture.Options()
        options.burst = burst
        options.perSecond = perSecond
        return try await ServerFixture.make(options)
    }

    @Test("per token: the burst passes, then 429 with Retry-After and retry_after; another token has its own bucket; time refills")
    func perToken() async throws {
        let fixture = try await Self.fixture()
        try await fixture.run { api in
            #expect(try await api.get("/api/v1/specs", as: .reader).status == .ok)
            #expect(try await api.get("/api/v1/templates", as: .reader).status == .ok)
            let limited = try await api.get("/api/v1/specs", as: .reader)
            let error = expectError(limited, .tooManyRequests, "rate limit")
            #expect(limited.headers[.retryAfter] == "1")
            #expect(error?.retry_after == 1)

            // The author's token is untouched by the reader's.
            #expect(try await api.get("/api/v1/specs", as: .author).status == .ok)
            #expect(try await api.get("/api/v1/specs", as: .author).status == .ok)
            expectError(try await api.get("/api/v1/specs", as: .author), .tooManyRequests)

            fixture.clock.advance(by: 1)
            #expect(try await api.get("/api/v1/specs", as: .reader).status == .ok)
            expectError(try await api.get("/api/v1/specs", as: .reader), .tooManyRequests)

            fixture.clock.advance(by: 60)
            for _ in 0..<2 { #expect(try await api.get("/api/v1/specs", as: .reader).status == .ok) }
            expectError(try await api.get("/api/v1/specs", as: .reader), .tooManyRequests)
        }
    }

    @Test("Retry-After is the whole seconds until a request would pass")
    func retryAfter() async throws {
        let fixture = try await Self.fixture(burst: 1, perSecond: 0.25)
        try await fixture.run { api in
            #expect(try await api.get("/api/v1/specs", as: .admin).status == .ok)
            let first = try await api.get("/api/v1/specs", as: .admin)
            #expect(first.status == .tooManyRequests && first.headers[.retryAfter] == "4")
            #expect(try first.decode(Bodies.Error.self).retry_after == 4)
            fixture.clock.advance(by: 2.5)
            let second = try await api.get("/api/v1/specs", as: .admin)
            #expect(second.status == .tooManyRequests && second.headers[.retryAfter] == "2")
            fixture.clock.advance(by: 1.5)
            #expect(try await api.get("/api/v1/specs", as: .admin).status == .ok)
        }
    }

    @Test("anonymous requests are limited per client address; a token from that address has its own bucket")
    func perAddress() async throws {
        let fixture = try await Self.fixture()
        let client = DirectClient(fixture)
        for _ in 0..<2 {
            #expect(try await client.send(.get, "/api/v1/openapi.yaml", from: "192.0.2.1").status == .ok)
        }
        let limited = try await client.send(.get, "/api/v1/openapi.yaml", from: "192.0.2.1")
        let error = expectError(status: limited.status, headers: limited.headers, body: limited.body, expected: .tooManyRequests)
        #expect(limited.headers[.retryAfter] == "1" && error?.retry_after == 1)

        // Another address, and a token from the same address, are not limited.
        #expect(try await client.send(.get, "/api/v1/openapi.yaml", from: "192.0.2.2").status == .ok)
        #expect(try await client.send(.get, "/api/v1/openapi.yaml", from: "2001:db8::1").status == .ok)
        #expect(try await client.send(.get, "/api/v1/specs", from: "192.0.2.1", as: .reader).status == .ok)

        // Anonymous calls to protected routes spend the address's bucket too.
        #expect(try await client.send(.get, "/api/v1/specs", from: "192.0.2.3").status == .unauthorized)
        #expect(try await client.send(.get, "/api/v1/specs", from: "192.0.2.3").status == .unauthorized)
        #expect(try await client.send(.get, "/api/v1/specs", from: "192.0.2.3").status == .tooManyRequests)

        fixture.clock.advance(by: 1)
        #expect(try await client.send(.get, "/api/v1/openapi.yaml", from: "192.0.2.1").status == .ok)
    }

    @Test("the probes outside /api/v1 are not limited")
    func probesNotLimited() async throws {
        let fixture = try await Self.fixture(burst: 1)
        try await fixture.run { api in
            #expect(try await api.get("/api/v1/openapi.yaml", as: nil).status == .ok)
            expectError(try await api.get("/api/v1/openapi.yaml", as: nil), .tooManyRequests)
            for path in ["/healthz", "/readyz", "/metrics", "/healthz"] {
                #expect(try await api.get(path, as: nil).status == .ok, "\(path)")
            }
        }
    }

    /// Regression: unknown tokens are charged to the client address's bucket, so guessing is rate limited.
    @Test("requests with bad tokens are rate limited (per address), so tokens cannot be guessed at full speed")
    func badTokensLimited() async throws {
        let fixture = try await Self.fixture()
        let client = DirectClient(fixture)
        var statuses: [Int] = []
        for attempt in 0..<6 {
            let guess = "sw_" + String(repeating: String(attempt), count: 40)
            statuses.append(try await client.send(.get, "/api/v1/specs", from: "198.51.100.7", headers: [.authorization: "Bearer \(guess)"]).status.code)
        }
        #expect(statuses.prefix(2).allSatisfy { $0 == 401 })
        #expect(statuses.suffix(4).allSatisfy { $0 == 429 })
    }

    /// Regression: a zero refill rate gives a finite wait instead of trapping on an infinite one.
    @Test("a zero refill rate refuses with a finite Retry-After instead of crashing")
    func zeroRate() async {
        await #expect(processExitsWith: .success) {
            let limiter = RateLimiter(capacity: 1, perSecond: 0)
            _ = limiter.take("a")
            _ = limiter.take("a")
        }
    }

    @Test("RateLimiter: buckets start full, refill at the rate up to the capacity, and are per key")
    func limiter() {
        let clock = ManualClock()
        let limiter = RateLimiter(capacity: 3, perSecond: 2, clock: { clock.now })
        #expect((0..<3).map { _ in limiter.take("a") } == [nil, nil, nil])
        #expect(limiter.take("a") == 1)
        #expect(limiter.take("b") == nil)
        clock.advance(by: 0.5)
        #expect(limiter.take("a") == nil)
        #expect(limiter.take("a") == 1)
        clock.advance(by: 100)
        #expect((0..<4).map { _ in limiter.take("a") } == [nil, nil, nil, 1])
    }
}

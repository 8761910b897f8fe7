import Foundation
import Logging
import SpecwrightPostgres
import SpecwrightStore
import Testing

/// Several server instances on one PostgreSQL database: each a store of its own (its own pool),
/// as two processes would have. Runs when `SPECWRIGHT_TEST_POSTGRES_URL` names a server.
@Suite("PostgreSQL: several instances", .enabled(if: SpecStoreContractTests.Backend.postgresURL != nil))
struct PostgresInstancesTests {
    /// Two stores on one fresh schema, and the schema dropped afterwards.
    static func withInstances<Result>(_ body: (PostgresSpecStore, PostgresSpecStore) async throws -> Result) async throws -> Result {
        let location = try PostgresLocation(url: try #require(SpecStoreContractTests.Backend.postgresURL))
        let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try await PostgresSpecStore.open(location, logger: Logger(label: "test"))
        try await admin.execute("CREATE SCHEMA \(schema)")
        defer { admin.close() }
        // Both open (and migrate) at once: the advisory lock lets one migrate and the other wait.
        async let first = PostgresSpecStore.open(location, logger: Logger(label: "one"), searchPath: schema)
        async let second = PostgresSpecStore.open(location, logger: Logger(label: "two"), searchPath: schema)
        let (one, two) = try await (first, second)
        do {
            let result = try await body(one, two)
            one.close()
            two.close()
            try await admin.execute("DROP SCHEMA \(schema) CASCADE")
            return result
        } catch {
            one.close()
            two.close()
            try? await admin.execute("DROP SCHEMA \(schema) CASCADE")
            throw error
        }
    }

    static func facts(_ slug: String) -> SpecFacts { SpecFacts(slug: slug, title: slug, template: nil, status: "DRAFT", version: "0.1") }

    @Test("instances starting together migrate once and both work")
    func migrateOnce() async throws {
        try await Self.withInstances { one, two in
            _ = try await one.createSpec(Self.facts("a"), markdown: "# A\n", author: "ada", message: "")
            #expect(try await two.spec(slug: "a")?.title == "a")
        }
    }

    @Test("no lost updates: writers on two instances with the same If-Match, exactly one wins each round")
    func noLostUpdates() async throws {
        try await Self.withInstances { one, two in
            var current = try await one.createSpec(Self.facts("contested"), markdown: "# Round 0\n", author: "ada", message: "").contentHash
            for round in 1...10 {
                let expected = current
                let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
                    for writer in 0..<6 {
                        let store = writer % 2 == 0 ? one : two
                        let text = "# Round \(round)\n\nWriter \(writer).\n"
                        group.addTask {
                            do {
                                _ = try await store.addRevision(slug: "contested", Self.facts("contested"), markdown: text, author: "w\(writer)", message: "", expectedHash: expected)
                                return (text, true)
                            } catch {
                                return (text, false)
                            }
                        }
                    }
                    var outcomes: [(String, Bool)] = []
                    for await outcome in group { outcomes.append(outcome) }
                    return outcomes
                }
                let winners = outcomes.filter(\.1)
                #expect(winners.count == 1, "round \(round): \(winners.count) writers won")
                let (spec, revision) = try #require(try await two.specWithCurrentRevision(slug: "contested"))
                #expect(revision.markdown == winners.first?.0, "round \(round): the stored text is not the winner's")
                #expect(spec.currentRevision == round + 1)
                current = spec.contentHash
            }
        }
    }

    @Test("a write on one instance reaches the other's change feed")
    func changesReachOtherInstances() async throws {
        try await Self.withInstances { one, two in
            let seen = Seen()
            let follower = Task { await two.followChanges { seen.add($0) } }
            defer { follower.cancel() }
            // The feed reports "" once it listens.
            try await seen.wait(for: "")
            _ = try await one.createSpec(Self.facts("noted"), markdown: "# Noted\n", author: "ada", message: "")
            try await seen.wait(for: "noted")
            _ = try await one.addRevision(slug: "noted", Self.facts("noted"), markdown: "# Noted again\n", author: "ada", message: "", expectedHash: nil)
            _ = try await one.archiveSpec(slug: "noted")
            #expect(try await seen.count(of: "noted", atLeast: 3))
        }
    }
}

/// Slugs a change feed reported, waited for with a deadline.
final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var slugs: [String] = []

    func add(_ slug: String) { lock.withLock { slugs.append(slug) } }

    func wait(for slug: String, seconds: Double = 5) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if lock.withLock({ slugs.contains(slug) }) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no change for '\(slug)' within \(seconds) s; seen: \(lock.withLock { slugs })")
    }

    func count(of slug: String, atLeast minimum: Int, seconds: Double = 5) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if lock.withLock({ slugs.count { $0 == slug } }) >= minimum { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import SpecwrightCore
import SpecwrightServer
import SpecwrightStore
import Testing

/// `/api/v1/specs/{slug}/revisions`, `/revisions/{number}` and `/diff`.
@Suite("Specs: revisions and diff")
struct HistoryEndpointTests {
    static let first = Samples.note("Retry Policy", body: "Retry three times.\nWait a minute.")
    static let second = Samples.note("Retry Policy", body: "Retry five times.\nWait a minute.")
    static let third = Samples.note("Retry Policy", body: "Retry five times.\nWait a minute.\nThen give up.")

    /// A spec with three revisions: created by Seed, then two PUTs by the author.
    static func fixture() async throws -> ServerFixture {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("retry-policy", markdown: first)
        try await fixture.run { api in
            let (_, etag) = try await api.markdown("retry-policy")
            let put = try await api.put("retry-policy", markdown: second, ifMatch: etag)
            try #require(put.status == .ok)
            let json = try await api.sendJSON(.put, "/api/v1/specs/retry-policy", as: .author, ["markdown": third, "message": "give up eventually"], headers: [.ifMatch: try #require(put.headers[.eTag])])
            try #require(json.status == .ok)
        }
        return fixture
    }

    @Test("revisions: oldest first, with author, message, time and ETag, without the text")
    func list() async throws {
        let fixture = try await Self.fixture()
        try await fixture.run { api in
            let response = try await api.get("/api/v1/specs/retry-policy/revisions")
            #expect(response.status == .ok)
            let revisions = try response.decode(Bodies.RevisionList.self).revisions
            #expect(revisions.map(\.number) == [1, 2, 3])
            #expect(revisions.map(\.author) == ["Seed", ServerFixture.userNames[.author]!, ServerFixture.userNames[.author]!])
            #expect(revisions.map(\.message) == ["created", "updated", "give up eventually"])
            #expect(revisions.allSatisfy { $0.markdown == nil })
            #expect(zip(revisions, revisions.dropFirst()).allSatisfy { $0.created <= $1.created })
            let (_, etag) = try await api.markdown("retry-policy")
            #expect("\"\(revisions.last!.etag)\"" == etag)
            #expect(Set(revisions.map(\.etag)).count == 3)
        }
    }

    @Test("one revision, with its text")
    func one() async throws {
        let fixture = try await Self.fixture()
        try await fixture.run { api in
            for (number, text) in [(1, Self.first), (2, Self.second), (3, Self.third)] {
                let response = try await api.get("/api/v1/specs/retry-policy/revisions/\(number)")
                #expect(response.status == .ok)
                let revision = try response.decode(Bodies.Revision.self)
                #expect(revision.number == number && revision.markdown == text)
            }
        }
    }

    @Test("a missing revision or spec is 404; a revision number that is not a positive integer is 400")
    func missing() async throws {
        let fixture = try await Self.fixture()
        try await fixture.run { api in
            expectError(try await api.get("/api/v1/specs/retry-policy/revisions/4"), .notFound, "4")
            expectError(try await api.get("/api/v1/specs/retry-policy/revisions/999999"), .notFound)
            expectError(try await api.get("/api/v1/specs/ghost/revisions/1"), .notFound)
            expectError(try await api.get("/api/v1/specs/ghost/revisions"), .notFound)
            for bad in ["0", "-1", "one", "1.5", "99999999999999999999"] {
                expectError(try await api.get("/api/v1/specs/retry-policy/revisions/\(bad)"), .badRequest)
            }
        }
    }

    @Test("diff: a unified diff between two revisions, as text/x-diff")
    func diff() async throws {
        let fixture = try await Self.fixture()
        try await fixture.run { api in
            let response = try await api.get("/api/v1/specs/retry-policy/diff?from=1&to=3")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/x-diff; charset=utf-8")
            let lines = response.text.components(separatedBy: "\n")
            #expect(lines.contains { $0.hasPrefix("---") && $0.contains("retry-policy.md") })
            #expect(lines.contains { $0.hasPrefix("+++") && $0.contains("retry-policy.md") })
            #expect(lines.contains("-Retry three times."))
            #expect(lines.contains("+Retry five times."))
            #expect(lines.contains("+Then give up."))
            #expect(lines.contains(" Wait a minute."))
            #expect(!lines.contains("-Wait a minute."))
            // Exactly the core's diff of the two stored texts, which is what `diff -u` prints.
            #expect(response.text == UnifiedDiff.render(old: Array(Self.first.utf8), new: Array(Self.third.utf8), path: "retry-policy.md"))
            #expect(response.text == """
                --- a/retry-policy.md
                +++ b/retry-policy.md
                @@ -1,4 +1,5 @@
                 # Retry Policy
                \u{20}
                -Retry three times.
                +Retry five times.
                 Wait a minute.
                +Then give up.

                """)

            let reverse = try await api.get("/api/v1/specs/retry-policy/diff?from=3&to=1")
            #expect(reverse.status == .ok)
            #expect(reverse.headers[.contentType] == "text/x-diff; charset=utf-8")
            #expect(reverse.text.components(separatedBy: "\n").contains("-Then give up."))
            #expect(reverse.text == UnifiedDiff.render(old: Array(Self.third.utf8), new: Array(Self.first.utf8), path: "retry-policy.md"))
            #expect(reverse.text == """
                --- a/retry-policy.md
                +++ b/retry-policy.md
                @@ -1,5 +1,4 @@
                 # Retry Policy
                \u{20}
                -Retry five times.
                +Retry three times.
                 Wait a minute.
                -Then give up.

                """)

            // A revision against itself: no differences, an empty body.
            let same = try await api.get("/api/v1/specs/retry-policy/diff?from=2&to=2")
            #expect(same.status == .ok)
            #expect(same.headers[.contentType] == "text/x-diff; charset=utf-8")
            #expect(!same.text.contains("\n+") && !same.text.contains("\n-R"))
            #expect(same.text == "")
        }
    }

    @Test("diff: missing or invalid from/to is 400; a missing revision or spec is 404")
    func diffErrors() async throws {
        let fixture = try await Self.fixture()
        try await fixture.run { api in
            for query in ["", "?from=1", "?to=2", "?from=0&to=1", "?from=a&to=2", "?from=1&to=-2"] {
                expectError(try await api.get("/api/v1/specs/retry-policy/diff\(query)"), .badRequest)
            }
            expectError(try await api.get("/api/v1/specs/retry-policy/diff?from=1&to=9"), .notFound)
            expectError(try await api.get("/api/v1/specs/ghost/diff?from=1&to=2"), .notFound)
        }
    }
}

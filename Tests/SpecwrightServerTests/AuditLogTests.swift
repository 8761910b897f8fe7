import Foundation
import Hummingbird
import HummingbirdTesting
import SpecwrightServer
import SpecwrightStore
import Testing

/// The audit log: every change attempt and every refused request, with who, what, target and outcome.
@Suite("Audit log")
struct AuditLogTests {
    struct Entry: Equatable, CustomStringConvertible {
        var user: String?
        var action: String
        var target: String?
        var outcome: String

        init(_ user: String?, _ action: String, _ target: String?, _ outcome: String) {
            self.user = user
            self.action = action
            self.target = target
            self.outcome = outcome
        }

        init(_ record: AuditRecord) {
            self.init(record.user, record.action, record.target, record.outcome)
        }

        var description: String { "\(user ?? "-") \(action) \(target ?? "-") \(outcome)" }
    }

    static func entries(_ fixture: ServerFixture) async throws -> [Entry] {
        try await fixture.auditLog(limit: 100).map(Entry.init)
    }

    @Test("a PUT, a refused 403 and a 401 are recorded with user, action, target slug and outcome, newest first")
    func recorded() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        let started = Date().addingTimeInterval(-1)
        try await fixture.run { api async throws in
            #expect(try await api.put("note", markdown: Samples.note("Note", body: "Edited."), ifMatch: "*").status == .ok)
            #expect(try await api.send(.delete, "/api/v1/specs/note", as: .reader).status == .forbidden)
            #expect(try await api.get("/api/v1/specs/note", as: nil).status == .unauthorized)
        }
        let log = try await fixture.auditLog(limit: 100)
        #expect(log.map(Entry.init) == [
            Entry(nil, "GET /api/v1/specs/note", "note", "401"),
            Entry(ServerFixture.userNames[.reader], "DELETE /api/v1/specs/note", "note", "403"),
            Entry(ServerFixture.userNames[.author], "PUT /api/v1/specs/note", "note", "200"),
        ])
        #expect(log.allSatisfy { $0.time >= started && $0.time <= Date().addingTimeInterval(1) })
    }

    @Test("successful reads are not recorded; failed changes are, with their status")
    func whatIsRecorded() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        try await fixture.run { api async throws in
            _ = try await api.get("/api/v1/specs")
            _ = try await api.get("/api/v1/specs/note")
            _ = try await api.get("/api/v1/specs/note/revisions")
            _ = try await api.get("/api/v1/templates")
            _ = try await api.get("/api/v1/openapi.yaml", as: nil)
            _ = try await api.get("/healthz", as: nil)
            #expect(try await Self.entries(fixture).isEmpty)

            _ = try await api.put("note", markdown: "# Note\n\nLost?\n", ifMatch: nil)
            _ = try await api.put("note", markdown: "# Note\n\nStale.\n", ifMatch: "\"stale\"")
            _ = try await api.create(["markdown": Samples.note("Note"), "slug": "note"])
            _ = try await api.transition("note", to: "DRAFT", reason: "x", as: .author)
            _ = try await api.send(.post, "/api/v1/check", as: .reader, body: "# X\n", contentType: "text/markdown")
            _ = try await api.get("/api/v1/specs/note", as: .reader)
            _ = try await api.send(.delete, "/api/v1/specs/note", as: .admin)
        }
        let author = ServerFixture.userNames[.author]
        #expect(try await Self.entries(fixture).reversed() == [
            Entry(author, "PUT /api/v1/specs/note", "note", "400"),
            Entry(author, "PUT /api/v1/specs/note", "note", "412"),
            Entry(author, "POST /api/v1/specs", nil, "409"),
            Entry(author, "POST /api/v1/specs/note/transitions", "note", "409"),
            Entry(ServerFixture.userNames[.reader], "POST /api/v1/check", nil, "200"),
            Entry(ServerFixture.userNames[.admin], "DELETE /api/v1/specs/note", "note", "200"),
        ])
    }

    @Test("the client's address is recorded")
    func address() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        let client = DirectClient(fixture)
        let reply = try await client.send(.delete, "/api/v1/specs/note", from: "203.0.113.9", as: .author)
        #expect(reply.status == .forbidden)
        let entry = try #require(try await fixture.auditLog(limit: 1).first)
        #expect(entry.address == "203.0.113.9" && entry.outcome == "403" && entry.user == ServerFixture.userNames[.author])
    }

    /// Regression: refusals thrown before the audit middleware runs (a bad token's 401, a 429) are still recorded.
    @Test("a 401 for a bad token and a 429 are recorded")
    func refusalsBeforeAudit() async throws {
        var options = ServerFixture.Options()
        options.burst = 1
        let fixture = try await ServerFixture.make(options)
        try await fixture.seed("note", markdown: Samples.note("Note"))
        try await fixture.run { api async throws in
            #expect(try await api.get("/api/v1/specs/note", as: nil, headers: [.authorization: "Bearer sw_guess"]).status == .unauthorized)
            #expect(try await api.get("/api/v1/specs/note", as: .reader).status == .ok)
            #expect(try await api.get("/api/v1/specs/note", as: .reader).status == .tooManyRequests)
        }
        let entries = try await Self.entries(fixture)
        // Newest first; the successful read in between is not recorded.
        #expect(entries == [
            Entry(ServerFixture.userNames[.reader], "GET /api/v1/specs/note", "note", "429"),
            Entry(nil, "GET /api/v1/specs/note", "note", "401"),
        ])
    }
}

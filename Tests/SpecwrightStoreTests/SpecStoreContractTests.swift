import Foundation
import SpecwrightSQLite
import SpecwrightStore
import Testing

/// The behaviour every ``SpecStore`` backend must have. Add a backend to `backends` and it runs
/// the whole suite.
@Suite("Spec store contract")
struct SpecStoreContractTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case sqliteMemory = "SQLite in memory"
        case sqliteFile = "SQLite file (WAL)"

        var testDescription: String { rawValue }

        /// Runs `body` with a new, empty store of this backend, and removes whatever it made.
        func withStore<Result>(_ body: (any SpecStore) async throws -> Result) async throws -> Result {
            switch self {
            case .sqliteMemory:
                return try await body(try SQLiteSpecStore())
            case .sqliteFile:
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("specwright-store-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: folder) }
                return try await body(try SQLiteSpecStore(path: folder.appendingPathComponent("specwright.db").path))
            }
        }
    }

    static func facts(_ slug: String, status: String = "DRAFT", template: String = "feature-spec", title: String? = nil) -> SpecFacts {
        SpecFacts(slug: slug, title: title ?? slug.capitalized, template: template, status: status, version: "0.1")
    }

    @Test("create, read, revise, and keep every revision", arguments: Backend.allCases)
    func revisions(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let created = try await store.createSpec(Self.facts("payments"), markdown: "# Payments\n", author: "ada", message: "created")
            #expect(created.currentRevision == 1 && created.slug == "payments" && !created.archived)
            let read = try #require(try await store.spec(slug: "payments"))
            #expect(read.id == created.id && read.contentHash == created.contentHash && read.title == created.title)
            #expect(abs(read.createdAt.timeIntervalSince(created.createdAt)) < 0.002)
            #expect(try await store.spec(slug: "nope") == nil)

            let revised = try await store.addRevision(slug: "payments", Self.facts("payments", status: "IN_REVIEW"), markdown: "# Payments\n\nMore.\n", author: "grace", message: "edit", expectedHash: created.contentHash)
            #expect(revised.currentRevision == 2 && revised.status == "IN_REVIEW" && revised.contentHash != created.contentHash)

            // Unchanged text: no new revision.
            let same = try await store.addRevision(slug: "payments", Self.facts("payments", status: "IN_REVIEW"), markdown: "# Payments\n\nMore.\n", author: "grace", message: "again", expectedHash: nil)
            #expect(same.currentRevision == 2)

            let history = try await store.revisions(slug: "payments")
            #expect(history.map(\.number) == [1, 2])
            #expect(history.map(\.author) == ["ada", "grace"])
            #expect(try await store.revision(slug: "payments", number: 1)?.markdown == "# Payments\n")
            #expect(try await store.revision(slug: "payments", number: 9) == nil)
        }
    }

    @Test("an analysis is kept with its revision, under its key; setAnalysis and unchanged text fill it in", arguments: Backend.allCases)
    func analyses(_ backend: Backend) async throws {
        try await backend.withStore { store in
            func stored(_ number: Int) async throws -> RevisionRecord { try #require(try await store.revision(slug: "a", number: number)) }
            let first = RevisionAnalysis(key: "k1", data: Data(#"{"findings":[]}"#.utf8))
            var facts = Self.facts("a")
            facts.analysis = first
            _ = try await store.createSpec(facts, markdown: "one\n", author: "ada", message: "")
            #expect(try await stored(1).analysis(key: "k1") == first.data)
            #expect(try await stored(1).analysis(key: "k2") == nil)
            #expect(try await store.specWithCurrentRevision(slug: "a")?.1.analysis(key: "k1") == first.data)

            // A revision saved without one has none until it is set.
            _ = try await store.addRevision(slug: "a", Self.facts("a"), markdown: "two\n", author: "ada", message: "", expectedHash: nil)
            let unanalysed = try await stored(2)
            #expect(unanalysed.analysis == nil && unanalysed.analysisKey == nil)
            let second = RevisionAnalysis(key: "k1", data: Data("{}".utf8))
            try await store.setAnalysis(slug: "a", revision: 2, second)
            #expect(try await stored(2).analysis(key: "k1") == second.data)

            // Saving the same text again stores an analysis made with another key, and keeps one with the same key.
            var again = Self.facts("a")
            again.analysis = RevisionAnalysis(key: "k2", data: Data("[2]".utf8))
            #expect(try await store.addRevision(slug: "a", again, markdown: "two\n", author: "ada", message: "", expectedHash: nil).currentRevision == 2)
            #expect(try await stored(2).analysis(key: "k2") == Data("[2]".utf8))
            again.analysis = RevisionAnalysis(key: "k2", data: Data("[3]".utf8))
            _ = try await store.addRevision(slug: "a", again, markdown: "two\n", author: "ada", message: "", expectedHash: nil)
            #expect(try await stored(2).analysis(key: "k2") == Data("[2]".utf8))
            #expect(try await stored(1).analysis(key: "k1") == first.data)

            await #expect(throws: StoreError.self) { try await store.setAnalysis(slug: "a", revision: 3, second) }
            await #expect(throws: StoreError.self) { try await store.setAnalysis(slug: "nope", revision: 1, second) }
        }
    }

    @Test("a stale expected hash saves nothing", arguments: Backend.allCases)
    func lostUpdates(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let created = try await store.createSpec(Self.facts("a"), markdown: "one\n", author: "ada", message: "")
            _ = try await store.addRevision(slug: "a", Self.facts("a"), markdown: "two\n", author: "ada", message: "", expectedHash: created.contentHash)
            await #expect(throws: StoreError.self) {
                _ = try await store.addRevision(slug: "a", Self.facts("a"), markdown: "three\n", author: "bob", message: "", expectedHash: created.contentHash)
            }
            #expect(try await store.revisions(slug: "a").count == 2)
        }
    }

    @Test("duplicate slugs conflict; unknown slugs are not found", arguments: Backend.allCases)
    func conflicts(_ backend: Backend) async throws {
        try await backend.withStore { store in
            _ = try await store.createSpec(Self.facts("a"), markdown: "x\n", author: "ada", message: "")
            await #expect(throws: StoreError.conflict("a spec with slug 'a' already exists")) {
                _ = try await store.createSpec(Self.facts("a"), markdown: "y\n", author: "ada", message: "")
            }
            await #expect(throws: StoreError.notFound("no spec 'b'")) { _ = try await store.revisions(slug: "b") }
            await #expect(throws: StoreError.notFound("no spec 'b'")) { _ = try await store.archiveSpec(slug: "b") }
        }
    }

    @Test("keyset pagination, filters and title search", arguments: Backend.allCases)
    func listing(_ backend: Backend) async throws {
        try await backend.withStore { store in
            for index in 0..<25 {
                let slug = String(format: "spec-%02d", index)
                _ = try await store.createSpec(Self.facts(slug, status: index % 2 == 0 ? "DRAFT" : "APPROVED", template: index < 5 ? "system-design" : "feature-spec", title: "Title \(index)%_"), markdown: "# \(slug)\n", author: "ada", message: "")
            }
            let first = try await store.listSpecs(SpecQuery(limit: 10))
            #expect(first.map(\.slug) == (0..<10).map { String(format: "spec-%02d", $0) })
            let second = try await store.listSpecs(SpecQuery(limit: 10, cursor: first.last?.slug))
            #expect(second.first?.slug == "spec-10" && second.count == 10)
            let third = try await store.listSpecs(SpecQuery(limit: 10, cursor: second.last?.slug))
            #expect(third.count == 5)
            #expect(try await store.listSpecs(SpecQuery(limit: 100, status: "APPROVED")).count == 12)
            #expect(try await store.listSpecs(SpecQuery(limit: 100, template: "system-design")).count == 5)
            #expect(try await store.listSpecs(SpecQuery(limit: 100, text: "title 1")).map(\.slug).count == 11)
            // LIKE wildcards in the search text are literal.
            #expect(try await store.listSpecs(SpecQuery(limit: 100, text: "%_")).count == 25)
            #expect(try await store.listSpecs(SpecQuery(limit: 100, text: "x%")).isEmpty)
            _ = try await store.archiveSpec(slug: "spec-00")
            #expect(try await store.listSpecs(SpecQuery(limit: 100)).count == 24)
            #expect(try await store.spec(slug: "spec-00")?.archived == true)
        }
    }

    @Test("sign-offs record the revision and content hash", arguments: Backend.allCases)
    func signOffs(_ backend: Backend) async throws {
        try await backend.withStore { store in
            _ = try await store.createSpec(Self.facts("a"), markdown: "x\n", author: "ada", message: "")
            let signed = try await store.addSignOff(slug: "a", role: "Technical Lead", user: "ada", contentHash: "sha256:abc")
            #expect(signed.revision == 1 && signed.role == "Technical Lead")
            #expect(try await store.signOffs(slug: "a").map(\.user) == ["ada"])
        }
    }

    @Test("users, hashed tokens and revocation", arguments: Backend.allCases)
    func tokens(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let user = try await store.createUser(name: "ada", role: .approver)
            await #expect(throws: StoreError.self) { _ = try await store.createUser(name: "ada", role: .reader) }
            _ = try await store.addToken(userID: user.id!, tokenHash: "hash-1", prefix: "sw_abc")
            #expect(try await store.user(forTokenHash: "hash-1")?.name == "ada")
            #expect(try await store.user(forTokenHash: "hash-2") == nil)
            #expect(try await store.tokenCount() == 1)
            #expect(try await store.revokeToken(prefix: "sw_abc"))
            #expect(try await store.user(forTokenHash: "hash-1") == nil)
            #expect(try await !store.revokeToken(prefix: "sw_abc"))

            let grace = try await store.createUser(name: "grace", role: .reader)
            _ = try await store.addToken(userID: grace.id!, tokenHash: "hash-3", prefix: "sw_def")
            let listed = try await store.tokens()
            #expect(listed.map(\.prefix) == ["sw_abc", "sw_def"])
            #expect(listed.map(\.user) == ["ada", "grace"] && listed.map(\.role) == [.approver, .reader])
            #expect(listed[0].revokedAt != nil && listed[1].revokedAt == nil)
        }
    }

    @Test("the audit log keeps who, what, where and the outcome, newest first", arguments: Backend.allCases)
    func audit(_ backend: Backend) async throws {
        try await backend.withStore { store in
            try await store.audit(AuditRecord(user: "ada", action: "PUT /api/v1/specs/a", target: "a", address: "127.0.0.1", outcome: "200"))
            try await store.audit(AuditRecord(user: nil, action: "POST /api/v1/specs", target: nil, address: "127.0.0.2", outcome: "401"))
            let log = try await store.auditLog(limit: 10)
            #expect(log.map(\.outcome) == ["401", "200"])
            #expect(log.last?.user == "ada" && log.last?.address == "127.0.0.1")
            try await store.ping()
        }
    }
}

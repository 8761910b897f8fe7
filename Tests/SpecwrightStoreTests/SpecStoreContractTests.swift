import Foundation
import Logging
import SpecwrightPostgres
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
        case postgres = "PostgreSQL"

        /// PostgreSQL joins when `SPECWRIGHT_TEST_POSTGRES_URL` names a server (`.ci/run` starts one).
        static var allCases: [Backend] {
            postgresURL == nil ? [.sqliteMemory, .sqliteFile] : [.sqliteMemory, .sqliteFile, .postgres]
        }

        static var postgresURL: String? { ProcessInfo.processInfo.environment["SPECWRIGHT_TEST_POSTGRES_URL"] }

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
            case .postgres:
                // Each store gets a schema of its own in the test server's database, dropped afterwards.
                let location = try PostgresLocation(url: try #require(Self.postgresURL))
                let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
                let admin = try await PostgresSpecStore.open(location, logger: Logger(label: "test"))
                try await admin.execute("CREATE SCHEMA \(schema)")
                let store = try await PostgresSpecStore.open(location, logger: Logger(label: "test"), searchPath: schema)
                do {
                    let result = try await body(store)
                    store.close()
                    try await admin.execute("DROP SCHEMA \(schema) CASCADE")
                    admin.close()
                    return result
                } catch {
                    store.close()
                    try? await admin.execute("DROP SCHEMA \(schema) CASCADE")
                    admin.close()
                    throw error
                }
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

    @Test("follow-ups: audit entries and events written in order in one batch, each once per idempotency key", arguments: Backend.allCases)
    func followUps(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let hook = try await store.createWebhook(WebhookRecord(url: "http://127.0.0.1:9/a", secret: "s3cret-s3cret-s3cret", events: ["spec.created", "revision.created"], createdBy: "admin"))
            let other = try await store.createWebhook(WebhookRecord(url: "http://127.0.0.1:9/b", secret: "s3cret-s3cret-s3cret", events: ["spec.created"], createdBy: "admin"))
            let time = Date(timeIntervalSince1970: 1_780_000_000.125)
            let entry = { (action: String) in AuditRecord(time: time, user: "ada", action: action, target: "a", address: nil, outcome: "201") }
            let batch = [
                FollowUp(.audit(entry("POST /1")), key: "k1"),
                FollowUp(.event("spec.created", payload: Data("{\"n\":1}".utf8), at: time), key: "k2"),
                FollowUp(.event("revision.created", payload: Data("{\"n\":2}".utf8), at: time), key: "k3"),
                FollowUp(.audit(AuditRecord(time: time, user: nil, action: "POST /2", target: nil, address: "127.0.0.1", outcome: "401")), key: "k4"),
                FollowUp(.event("review.requested", payload: Data("{}".utf8), at: time), key: "k5"),
            ]
            #expect(try await store.writeFollowUps(batch) == 3)
            #expect(try await store.auditLog(limit: 10).map(\.action) == ["POST /2", "POST /1"])
            let first = try #require(try await store.auditLog(limit: 10).last)
            #expect(first.user == "ada" && first.target == "a" && first.address == nil && first.outcome == "201")
            #expect(abs(first.time.timeIntervalSince(time)) < 0.001)
            let delivered = try await store.deliveries(webhookID: hook.id, limit: 10)
            #expect(delivered.map(\.event).sorted() == ["revision.created", "spec.created"])
            #expect(delivered.first { $0.event == "spec.created" }?.payload == Data("{\"n\":1}".utf8))
            #expect(try await store.deliveries(webhookID: other.id, limit: 10).count == 1)

            // The same batch again (a retry of one that timed out but landed) adds nothing; a new key does.
            #expect(try await store.writeFollowUps(batch) == 0)
            #expect(try await store.writeFollowUps([FollowUp(.audit(entry("POST /1")), key: "k6")]) == 0)
            #expect(try await store.auditLog(limit: 10).count == 3)
            #expect(try await store.deliveries(webhookID: nil, limit: 10).count == 3)
            #expect(try await store.writeFollowUps([]) == 0)
        }
    }

    @Test("the audit log filters by user, action prefix and outcome, and pages by id", arguments: Backend.allCases)
    func auditFilters(_ backend: Backend) async throws {
        try await backend.withStore { store in
            try await store.audit(AuditRecord(user: "ada", action: "PUT /api/v1/specs/a", target: "a", address: nil, outcome: "200"))
            try await store.audit(AuditRecord(user: "ada", action: "POST /signin", target: nil, address: nil, outcome: "refused"))
            try await store.audit(AuditRecord(user: "grace", action: "PUT /api/v1/specs/b", target: "b", address: nil, outcome: "200"))
            #expect(try await store.auditLog(AuditQuery(user: "ada")).map(\.action) == ["POST /signin", "PUT /api/v1/specs/a"])
            #expect(try await store.auditLog(AuditQuery(action: "PUT")).map(\.target) == ["b", "a"])
            #expect(try await store.auditLog(AuditQuery(outcome: "refused")).map(\.user) == ["ada"])
            // A LIKE wildcard in the filter is literal.
            #expect(try await store.auditLog(AuditQuery(action: "%")).isEmpty)
            let newest = try await store.auditLog(limit: 1)
            #expect(try await store.auditLog(AuditQuery(before: newest[0].id)).map(\.target) == [nil, "a"])
        }
    }

    @Test("lists sort by any column with an offset, count their filters, and count statuses", arguments: Backend.allCases)
    func sortedListing(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let rows: [(String, String, Double, Int)] = [("b", "DRAFT", 0.5, 2), ("a", "APPROVED", 0.9, 0), ("c", "DRAFT", 0.1, 5)]
            for (slug, status, completeness, errors) in rows {
                var facts = Self.facts(slug, status: status, title: "Title " + slug.uppercased())
                facts.completeness = completeness
                facts.errorCount = errors
                facts.warningCount = 1
                facts.signOffCounts = slug == "b" ? SignOffCounts(valid: 1, stale: 2, missing: 3) : nil
                _ = try await store.createSpec(facts, markdown: "# \(slug)\n", author: slug == "a" ? "zoe" : "ada", message: "")
            }
            #expect(try await store.listSpecs(SpecQuery(order: .completeness)).map(\.slug) == ["c", "b", "a"])
            #expect(try await store.listSpecs(SpecQuery(order: .completeness, descending: true)).map(\.slug) == ["a", "b", "c"])
            #expect(try await store.listSpecs(SpecQuery(order: .findings, descending: true)).map(\.slug) == ["c", "b", "a"])
            #expect(try await store.listSpecs(SpecQuery(order: .author)).map(\.slug) == ["b", "c", "a"])
            #expect(try await store.listSpecs(SpecQuery(limit: 1, order: .status, offset: 1)).map(\.slug) == ["b"])
            #expect(try await store.listSpecs(SpecQuery(limit: 2, order: .slug, descending: true)).map(\.slug) == ["c", "b"])
            let read = try #require(try await store.spec(slug: "b"))
            #expect(read.completeness == 0.5 && read.errorCount == 2 && read.warningCount == 1)
            #expect(read.signOffCounts == SignOffCounts(valid: 1, stale: 2, missing: 3))
            #expect(try await store.spec(slug: "a")?.signOffCounts == nil)
            #expect(try await store.countSpecs(SpecQuery(status: "draft")) == 2)
            #expect(try await store.countSpecs(SpecQuery(text: "title")) == 3)
            #expect(try await store.statusCounts() == ["DRAFT": 2, "APPROVED": 1])
            _ = try await store.archiveSpec(slug: "a")
            #expect(try await store.statusCounts() == ["DRAFT": 2])
        }
    }

    @Test("a user's sign-offs across specs, newest first, without archived specs", arguments: Backend.allCases)
    func signOffsByUser(_ backend: Backend) async throws {
        try await backend.withStore { store in
            _ = try await store.createSpec(Self.facts("a", title: "Alpha"), markdown: "x\n", author: "ada", message: "")
            _ = try await store.createSpec(Self.facts("b", title: "Beta"), markdown: "y\n", author: "ada", message: "")
            _ = try await store.addSignOff(slug: "a", role: "Security Lead", user: "sam", contentHash: "sha256:1")
            _ = try await store.addSignOff(slug: "b", role: "Security Lead", user: "sam", contentHash: "sha256:2")
            _ = try await store.addSignOff(slug: "b", role: "Product Owner", user: "pat", contentHash: "sha256:2")
            let entries = try await store.signOffs(byUser: "sam")
            #expect(entries.map(\.slug) == ["b", "a"] && entries.map(\.title) == ["Beta", "Alpha"])
            #expect(entries.map(\.signOff.contentHash) == ["sha256:2", "sha256:1"])
            _ = try await store.archiveSpec(slug: "b")
            #expect(try await store.signOffs(byUser: "sam").map(\.slug) == ["a"])
        }
    }

    @Test("passwords, roles and disabling; a disabled user's tokens and sessions stop working", arguments: Backend.allCases)
    func userChanges(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let ada = try await store.createUser(name: "ada", role: .author, passwordHash: "$2b$hash", mustChangePassword: true)
            #expect(ada.passwordHash == "$2b$hash" && ada.mustChangePassword && !ada.disabled)
            _ = try await store.createUser(name: "bob", role: .reader)
            #expect(try await store.users().map(\.name) == ["ada", "bob"])
            #expect(try await store.user(named: "bob")?.passwordHash == nil)
            _ = try await store.addToken(userID: ada.id!, tokenHash: "t", prefix: "sw_t")
            let now = Date()
            _ = try await store.createSession(SessionRecord(idHash: "s1", userID: ada.id!, csrfToken: "c", createdAt: now, lastSeenAt: now, expiresAt: now.addingTimeInterval(3600), address: "127.0.0.1"))
            #expect(try await store.session(idHash: "s1", idleSince: now.addingTimeInterval(-60))?.1.name == "ada")

            let promoted = try await store.updateUser(named: "ada", UserChange(role: .approver))
            #expect(promoted.role == .approver && promoted.passwordHash == "$2b$hash")
            // A role change keeps the session; a new password ends it.
            #expect(try await store.session(idHash: "s1", idleSince: now.addingTimeInterval(-60))?.1.role == .approver)
            _ = try await store.updateUser(named: "ada", UserChange(passwordHash: "$2b$new", mustChangePassword: false))
            #expect(try await store.session(idHash: "s1", idleSince: now.addingTimeInterval(-60)) == nil)
            #expect(try await store.user(named: "ada")?.mustChangePassword == false)

            _ = try await store.updateUser(named: "ada", UserChange(disabled: true))
            #expect(try await store.user(forTokenHash: "t") == nil)
            _ = try await store.updateUser(named: "ada", UserChange(disabled: false))
            #expect(try await store.user(forTokenHash: "t")?.name == "ada")
            await #expect(throws: StoreError.notFound("no user 'zed'")) { _ = try await store.updateUser(named: "zed", UserChange(disabled: true)) }
        }
    }

    @Test("sessions: found by hash until idle or past their end; touched; deleted", arguments: Backend.allCases)
    func sessions(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let ada = try await store.createUser(name: "ada", role: .reader, passwordHash: "h", mustChangePassword: false)
            let now = Date()
            let created = try await store.createSession(SessionRecord(idHash: "live", userID: ada.id!, csrfToken: "csrf-1", createdAt: now, lastSeenAt: now.addingTimeInterval(-600), expiresAt: now.addingTimeInterval(3600), address: nil))
            #expect(created.id != nil)
            _ = try await store.createSession(SessionRecord(idHash: "ended", userID: ada.id!, csrfToken: "csrf-2", createdAt: now.addingTimeInterval(-7200), lastSeenAt: now, expiresAt: now.addingTimeInterval(-1), address: nil))
            let (session, user) = try #require(try await store.session(idHash: "live", idleSince: now.addingTimeInterval(-3600)))
            #expect(session.csrfToken == "csrf-1" && user.name == "ada")
            // Idle for ten minutes: too long when the idle limit is five.
            #expect(try await store.session(idHash: "live", idleSince: now.addingTimeInterval(-300)) == nil)
            try await store.touchSession(idHash: "live", at: now)
            #expect(try await store.session(idHash: "live", idleSince: now.addingTimeInterval(-300)) != nil)
            #expect(try await store.session(idHash: "ended", idleSince: .distantPast) == nil)
            #expect(try await store.session(idHash: "nope", idleSince: .distantPast) == nil)
            try await store.deleteSession(idHash: "live")
            #expect(try await store.session(idHash: "live", idleSince: .distantPast) == nil)
        }
    }
}

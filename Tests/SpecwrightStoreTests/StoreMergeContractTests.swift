import Foundation
import SpecwrightStore
import Testing

/// `specwright admin migrate --merge`: one store's contents added to another's, on every backend.
@Suite("Store merge contract")
struct StoreMergeContractTests {
    typealias Backend = SpecStoreContractTests.Backend

    /// Runs `body` on two fresh stores of `backend`: the one merged from and the one merged into.
    static func withTwoStores(_ backend: Backend, _ body: (any SpecStoreTransfer, any SpecStoreTransfer) async throws -> Void) async throws {
        try await backend.withStore { source in
            try await backend.withStore { target in
                try await body(try #require(source as? any SpecStoreTransfer), try #require(target as? any SpecStoreTransfer))
            }
        }
    }

    /// A store holding `admin` and, for `name`, a user, a token, a spec with two revisions and a
    /// sign-off, a thread with a reply, and a webhook at `hook`.
    static func fill(_ store: any SpecStore, name: String, spec slug: String, hook: String) async throws {
        let admin = try await store.createUser(name: "admin", role: .admin)
        _ = try await store.addToken(userID: admin.id!, tokenHash: "admin-\(name)", prefix: "sw_\(name)0")
        let user = try await store.createUser(name: name, role: .author)
        _ = try await store.addToken(userID: user.id!, tokenHash: "token-\(name)", prefix: "sw_\(name)1")
        _ = try await store.createSpec(SpecStoreContractTests.facts(slug), markdown: "# \(slug)\n", author: name, message: "created")
        _ = try await store.addRevision(slug: slug, SpecStoreContractTests.facts(slug), markdown: "# \(slug)\n\nMore.\n", author: name, message: "more", expectedHash: nil)
        _ = try await store.addSignOff(slug: slug, role: "Tech Lead", user: name, contentHash: "sha256:\(slug)")
        let (thread, _) = try await store.createThread(ThreadRecord(slug: slug, kind: .concern, author: name, sectionPath: ["Overview"], quote: nil, revision: 2), body: "Why?")
        _ = try await store.addComment(threadID: thread.id!, author: "admin", body: "Because.")
        _ = try await store.createWebhook(WebhookRecord(url: hook, secret: "s-\(name)", events: ["spec.created"], createdBy: "admin"))
        try await store.audit(AuditRecord(user: name, action: "PUT /api/v1/specs/\(slug)", target: slug, address: nil, outcome: "200"))
    }

    @Test("a merge adds the source's specs, history, threads and users; same-named users and same-URL webhooks become the target's", arguments: Backend.allCases)
    func merge(backend: Backend) async throws {
        try await Self.withTwoStores(backend) { source, target in
            try await Self.fill(source, name: "ada", spec: "alpha", hook: "https://hooks.example/shared")
            try await Self.fill(target, name: "bob", spec: "beta", hook: "https://hooks.example/shared")
            let before = try await target.exportContents()
            let added = try await source.exportContents().prepared(forMergingInto: before)
            #expect(added.users.map(\.name) == ["ada"] && added.webhooks.isEmpty)
            try await target.importContents(added, mode: .adding)

            let after = try await target.exportContents()
            #expect(after.specs.map(\.slug).sorted() == ["alpha", "beta"])
            #expect(after.users.map(\.name).sorted() == ["ada", "admin", "bob"])
            #expect(after.revisions.count == 4 && after.signOffs.count == 2 && after.threads.count == 2 && after.comments.count == 4)
            #expect(after.tokens.count == 4 && after.webhooks.count == 1 && after.audit.count == 2)
            // The source's admin token now names the target's admin; ada's token, ada.
            #expect(try await target.user(forTokenHash: "admin-ada")?.name == "admin")
            #expect(try await target.user(forTokenHash: "token-ada")?.name == "ada")
            let alpha = try #require(try await target.specWithCurrentRevision(slug: "alpha"))
            #expect(alpha.1.markdown == "# alpha\n\nMore.\n" && alpha.0.currentRevision == 2)
            #expect(try await target.signOffs(slug: "alpha").map(\.user) == ["ada"])
            let thread = try #require(try await target.threads(slug: "alpha").first)
            #expect(try await target.comments(threadID: thread.id!).map(\.body) == ["Why?", "Because."])
            // New rows after a merge take ids past the merged ones.
            _ = try await target.createSpec(SpecStoreContractTests.facts("gamma"), markdown: "# gamma\n", author: "admin", message: "new")
            _ = try await target.createUser(name: "cy", role: .reader)
            #expect(try await target.listSpecs(SpecQuery()).count == 3)
        }
    }

    @Test("a slug in both stores refuses the merge before anything is written; a non-empty target refuses a plain import", arguments: Backend.allCases)
    func refusals(backend: Backend) async throws {
        try await Self.withTwoStores(backend) { source, target in
            try await Self.fill(source, name: "ada", spec: "shared", hook: "https://hooks.example/a")
            try await Self.fill(target, name: "bob", spec: "shared", hook: "https://hooks.example/b")
            let contents = try await source.exportContents()
            let existing = try await target.exportContents()
            let conflict = #expect(throws: MergeConflict.self) { _ = try contents.prepared(forMergingInto: existing) }
            #expect(conflict?.description.contains("'shared'") == true)
            await #expect(throws: StoreError.self) { try await target.importContents(contents, mode: .intoEmpty) }
            #expect(try await target.exportContents().specs.count == 1)
        }
    }
}

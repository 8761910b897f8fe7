import Foundation
import SpecwrightStore
import Testing

/// The review part of the store contract: threads, comments, inbox items and the webhook queue,
/// on every backend.
@Suite("Review store contract")
struct ReviewStoreContractTests {
    typealias Backend = SpecStoreContractTests.Backend

    static func spec(_ store: any SpecStore, _ slug: String = "alpha") async throws {
        _ = try await store.createSpec(SpecStoreContractTests.facts(slug), markdown: "# \(slug)\n\n## Scope\n\nAll of it.\n", author: "ada", message: "created")
    }

    @Test("threads with their first comment, replies, edits, resolving and reopening", arguments: Backend.allCases)
    func threads(_ backend: Backend) async throws {
        try await backend.withStore { store in
            try await Self.spec(store)
            let draft = ThreadRecord(slug: "alpha", kind: .concern, author: "tom", sectionPath: ["Scope", "Détails"], quote: "All of it.", revision: 1,
                                     suggestion: "Some of it.")
            let (thread, first) = try await store.createThread(draft, body: "Too broad.")
            let id = try #require(thread.id)
            #expect(thread.kind == .concern && thread.isOpen && thread.sectionPath == ["Scope", "Détails"] && thread.suggestionState == .pending)
            #expect(first.threadID == id && first.author == "tom" && first.body == "Too broad.")
            let reply = try await store.addComment(threadID: id, author: "ada", body: "Narrowed.")
            #expect(try await store.comments(threadID: id).map(\.body) == ["Too broad.", "Narrowed."])
            #expect(try await store.comments(slug: "alpha").map(\.id) == [first.id, reply.id])
            let edited = try await store.editComment(id: try #require(reply.id), body: "Narrowed it.")
            #expect(edited.body == "Narrowed it." && edited.editedAt != nil)
            #expect(try await store.comment(id: try #require(reply.id))?.body == "Narrowed it.")

            let resolved = try await store.setThreadResolved(id: id, by: "tom")
            #expect(!resolved.isOpen && resolved.resolvedBy == "tom")
            let reopened = try await store.setThreadResolved(id: id, by: nil)
            #expect(reopened.isOpen && reopened.resolvedBy == nil)
            #expect(try await store.thread(id: id) == reopened)
            #expect(try await store.threads(slug: "alpha") == [reopened])
            #expect(try await store.threads(slug: "other").isEmpty)
        }
    }

    @Test("a suggestion moves once from pending; unknown specs and threads are not found", arguments: Backend.allCases)
    func suggestionsAndMissing(_ backend: Backend) async throws {
        try await backend.withStore { store in
            try await Self.spec(store)
            let (thread, _) = try await store.createThread(
                ThreadRecord(slug: "alpha", kind: .comment, author: "tom", sectionPath: [], quote: "All", revision: 1, suggestion: "Most"), body: "b")
            let id = try #require(thread.id)
            #expect(try await store.setSuggestionState(threadID: id, from: .pending, to: .applied).suggestionState == .applied)
            await #expect(throws: StoreError.self) { try await store.setSuggestionState(threadID: id, from: .pending, to: .dismissed) }
            await #expect(throws: StoreError.notFound("no spec 'ghost'")) {
                try await store.createThread(ThreadRecord(slug: "ghost", kind: .comment, author: "t", sectionPath: [], quote: nil, revision: 1), body: "b")
            }
            await #expect(throws: StoreError.self) { try await store.addComment(threadID: 9999, author: "t", body: "b") }
            await #expect(throws: StoreError.self) { try await store.setThreadResolved(id: 9999, by: "t") }
            #expect(try await store.thread(id: 9999) == nil)
        }
    }

    @Test("inbox items per user, newest first; done ones hidden unless asked; only the owner marks them", arguments: Backend.allCases)
    func inbox(_ backend: Backend) async throws {
        try await backend.withStore { store in
            try await store.addInboxItems([
                InboxItemRecord(user: "sam", reason: .reviewRequested, slug: "alpha", threadID: nil, actor: "ada", summary: "review please"),
                InboxItemRecord(user: "sam", reason: .mention, slug: "alpha", threadID: 4, actor: "tom", summary: "@sam look"),
                InboxItemRecord(user: "pat", reason: .concern, slug: "alpha", threadID: 4, actor: "tom", summary: "concern"),
            ])
            let items = try await store.inbox(user: "sam", includeDone: false, limit: 10)
            #expect(items.map(\.reason) == [.mention, .reviewRequested])
            let first = try #require(items.first?.id)
            #expect(try await store.setInboxItemDone(id: first, user: "pat", done: true) == false)
            #expect(try await store.setInboxItemDone(id: first, user: "sam", done: true))
            #expect(try await store.inbox(user: "sam", includeDone: false, limit: 10).map(\.reason) == [.reviewRequested])
            let all = try await store.inbox(user: "sam", includeDone: true, limit: 10)
            #expect(all.count == 2 && all[0].doneAt != nil && all[0].threadID == 4)
            #expect(try await store.setInboxItemDone(id: first, user: "sam", done: false))
            #expect(try await store.inbox(user: "sam", includeDone: false, limit: 1).count == 1)
        }
    }

    @Test("events queue per subscribed webhook; claims go in order per webhook, lease, retry and finish", arguments: Backend.allCases)
    func webhookQueue(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let one = try await store.createWebhook(WebhookRecord(url: "http://127.0.0.1:9/a", secret: "s3cret-s3cret-s3cret", events: ["spec.created", "thread.created"], createdBy: "admin"))
            let two = try await store.createWebhook(WebhookRecord(url: "http://127.0.0.1:9/b", secret: "s3cret-s3cret-s3cret", events: ["thread.created"], createdBy: "admin"))
            #expect(try await store.webhooks().map(\.events) == [["spec.created", "thread.created"], ["thread.created"]])
            let now = Date()
            #expect(try await store.enqueueEvent("spec.created", payload: Data("{\"n\":1}".utf8), at: now) == 1)
            #expect(try await store.enqueueEvent("thread.created", payload: Data("{\"n\":2}".utf8), at: now) == 2)
            #expect(try await store.enqueueEvent("review.requested", payload: Data("{}".utf8), at: now) == 0)

            // One per webhook at a time: webhook one's second event waits for its first.
            let claimed = try await store.claimDueDeliveries(now: now.addingTimeInterval(1), leaseUntil: now.addingTimeInterval(60), limit: 10)
            #expect(claimed.map(\.0.event) == ["spec.created", "thread.created"])
            #expect(claimed.map(\.1.id) == [one.id, two.id])
            #expect(claimed[0].0.payload == Data("{\"n\":1}".utf8))
            // Leased: nobody else gets them meanwhile.
            #expect(try await store.claimDueDeliveries(now: now.addingTimeInterval(2), leaseUntil: now.addingTimeInterval(60), limit: 10).isEmpty)

            let first = try #require(claimed[0].0.id)
            try await store.recordAttempt(deliveryID: first, DeliveryAttempt(status: 500, error: "the receiver answered 500", delivered: false, retryAt: now.addingTimeInterval(30)))
            try await store.recordAttempt(deliveryID: try #require(claimed[1].0.id), DeliveryAttempt(status: 204, error: nil, delivered: true, retryAt: nil))
            // The failed one waits for its retry, and holds back webhook one's next event.
            #expect(try await store.claimDueDeliveries(now: now.addingTimeInterval(3), leaseUntil: now.addingTimeInterval(60), limit: 10).isEmpty)
            let retried = try await store.claimDueDeliveries(now: now.addingTimeInterval(31), leaseUntil: now.addingTimeInterval(90), limit: 10)
            #expect(retried.map(\.0.id) == [first] && retried[0].0.attempts == 1)
            try await store.recordAttempt(deliveryID: first, DeliveryAttempt(status: nil, error: "timedOut", delivered: false, retryAt: nil))
            let next = try await store.claimDueDeliveries(now: now.addingTimeInterval(32), leaseUntil: now.addingTimeInterval(90), limit: 10)
            #expect(next.map(\.0.event) == ["thread.created"] && next[0].1.id == one.id)

            let log = try await store.deliveries(webhookID: one.id, limit: 10)
            #expect(log.map(\.state) == [.pending, .failed])
            #expect(log[1].attempts == 2 && log[1].lastError == "timedOut" && log[1].lastStatus == nil && log[1].finishedAt != nil)
            #expect(try await store.deliveries(webhookID: nil, limit: 10).count == 3)
            #expect(try await store.deleteWebhook(id: try #require(one.id)))
            #expect(try await store.deleteWebhook(id: try #require(one.id)) == false)
            #expect(try await store.deliveries(webhookID: nil, limit: 10).map(\.webhookID) == [two.id])
        }
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import SpecwrightCore
import SpecwrightServer
import SpecwrightStore
import Testing

/// `/api/v1/specs/{slug}/threads…`, review requests and `/api/v1/inbox`.
@Suite("Review: threads, concerns, suggestions, inbox")
struct ReviewEndpointTests {
    static let slug = "payment-retries"
    static let passage = "We currently give up after the first failure."

    struct Thread: Decodable {
        struct Anchor: Decodable {
            var section: [String]?
            var line: Int?
            var outdated: Bool
            var moved: Bool
        }
        struct Suggestion: Decodable {
            var text: String
            var state: String
        }
        struct Comment: Decodable {
            var id: Int
            var author: String
            var body: String
            var edited: Date?
        }
        var id: Int
        var kind: String
        var state: String
        var author: String
        var section: [String]
        var quote: String?
        var revision: Int
        var suggestion: Suggestion?
        var anchor: Anchor
        var comments: [Comment]
    }

    struct ThreadList: Decodable { var threads: [Thread] }

    struct Inbox: Decodable {
        struct Item: Decodable {
            var id: Int
            var reason: String
            var spec: String
            var thread: Int?
            var actor: String
            var summary: String
        }
        var items: [Item]
    }

    static func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func open(_ api: APIClient, _ object: [String: Any], as role: UserRole = .reviewer, slug: String = slug) async throws -> TestResponse {
        try await api.send(.post, "/api/v1/specs/\(slug)/threads", as: role, body: try json(object), contentType: "application/json")
    }

    static func post(_ api: APIClient, _ path: String, _ object: [String: Any] = [:], as role: UserRole, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await api.send(.post, path, as: role, headers: headers, body: try json(object), contentType: "application/json")
    }

    static func inbox(_ api: APIClient, _ role: UserRole) async throws -> [Inbox.Item] {
        try await api.get("/api/v1/inbox", as: role).decode(Inbox.self).items
    }

    @Test("a thread on a passage: 201 with its anchor; bad sections, quotes and suggestions are 400; readers 403; unknown specs 404")
    func openThread() async throws {
        let fixture = try await LifecycleEndpointTests.inReview()
        try await fixture.run { api in
            let response = try await Self.open(api, ["kind": "question", "section": ["Overview", "Purpose"], "quote": Self.passage, "body": "Why give up *at once*?"])
            #expect(response.status == .created, "\(response.text)")
            let thread = try response.decode(Thread.self)
            #expect(response.headers[.location] == "/api/v1/specs/\(Self.slug)/threads/\(thread.id)")
            #expect(thread.kind == "question" && thread.state == "open" && thread.author == ServerFixture.userNames[.reviewer])
            #expect(thread.section == ["Overview", "Purpose"] && thread.revision == 1 && thread.anchor.line == 33 && !thread.anchor.outdated)
            #expect(thread.comments.map(\.body) == ["Why give up *at once*?"])
            // The section may be left out: the passage says where.
            let found = try await Self.open(api, ["quote": Self.passage, "body": "Same passage."]).decode(Thread.self)
            #expect(found.section == ["Overview", "Purpose"] && found.kind == "comment")

            expectError(try await Self.open(api, ["section": ["Overview", "Nope"], "body": "x"]), .conflict, "no section 'Overview › Nope'")
            expectError(try await Self.open(api, ["section": ["Overview", "Scope"], "quote": Self.passage, "body": "x"]), .conflict, "quote")
            expectError(try await Self.open(api, ["quote": "not in the text", "body": "x"]), .conflict, "quote")
            expectError(try await Self.open(api, ["body": "x", "suggestion": "y"]), .badRequest, "suggestion")
            expectError(try await Self.open(api, ["body": "   "]), .badRequest, "body")
            expectError(try await Self.open(api, ["kind": "rant", "body": "x"]), .badRequest)
            expectError(try await Self.open(api, ["body": "x"], as: .reader), .forbidden)
            expectError(try await Self.open(api, ["body": "x"], slug: "ghost"), .notFound)
            expectError(try await api.get("/api/v1/specs/\(Self.slug)/threads/0"), .badRequest)
            expectError(try await api.get("/api/v1/specs/\(Self.slug)/threads/999"), .notFound)
            #expect(try await api.get("/api/v1/specs/\(Self.slug)/threads/\(thread.id)").decode(Thread.self).id == thread.id)
            #expect(try await api.get("/api/v1/specs/\(Self.slug)/threads?state=open").decode(ThreadList.self).threads.count == 2)
            #expect(try await api.get("/api/v1/specs/\(Self.slug)/threads?state=resolved").decode(ThreadList.self).threads.isEmpty)
            expectError(try await api.get("/api/v1/specs/\(Self.slug)/threads?state=maybe"), .badRequest)
        }
    }

    @Test("an open concern blocks approval, listed with its author and section; only its author (or an admin) resolves it; then approval passes")
    func concernGate() async throws {
        let fixture = try await LifecycleEndpointTests.inReview()
        try await fixture.run { api in
            let (text, etag) = try await api.markdown(Self.slug)
            #expect(try await api.put(Self.slug, markdown: Samples.tickingReviewChecklist(text), ifMatch: etag).status == .ok)
            #expect(try await api.signOff(Self.slug, role: ServerFixture.reviewerSignOffRole, as: .reviewer).status == .created)
            let concern = try await Self.open(api, ["kind": "concern", "section": ["Overview", "Purpose"], "quote": Self.passage,
                                                    "body": "Retrying can double-charge.\nSee the idempotency section."]).decode(Thread.self)
            let refused = expectError(try await api.transition(Self.slug, to: "APPROVED", as: .approver), .conflict, "1 unmet gate")
            let heading = try await api.markdown(Self.slug).text.components(separatedBy: "\n").firstIndex(of: "### Purpose")! + 1
            #expect(refused?.details == [
                "line \(heading): open concern #\(concern.id) by \(ServerFixture.userNames[.reviewer]!) on 'Overview › Purpose': Retrying can double-charge. [approved.no-open-concerns]",
            ])
            // Someone else who may comment may not resolve it (nor may an approver); an admin may, and its author.
            let path = "/api/v1/specs/\(Self.slug)/threads/\(concern.id)"
            expectError(try await Self.post(api, path + "/resolve", as: .author), .forbidden, "who raised this concern")
            expectError(try await Self.post(api, path + "/resolve", as: .approver), .forbidden)
            #expect(try await Self.post(api, path + "/comments", ["body": "Keys make retries safe."], as: .author).status == .created)
            let resolved = try await Self.post(api, path + "/resolve", as: .reviewer)
            #expect(resolved.status == .ok)
            #expect(try resolved.decode(Thread.self).state == "resolved")
            #expect(try await Self.post(api, path + "/reopen", as: .admin).decode(Thread.self).state == "open")
            #expect(try await Self.post(api, path + "/resolve", as: .admin).decode(Thread.self).state == "resolved")
            let approved = try await api.transition(Self.slug, to: "APPROVED", as: .approver)
            #expect(approved.status == .ok, "\(approved.text)")
        }
    }

    @Test("anchors across revisions: a renamed parent and a moved section are followed; a deleted passage makes the thread outdated")
    func anchoring() async throws {
        let fixture = try await LifecycleEndpointTests.inReview()
        try await fixture.run { api in
            let onPassage = try await Self.open(api, ["section": ["Overview", "Purpose"], "quote": Self.passage, "body": "a"]).decode(Thread.self)
            let onSection = try await Self.open(api, ["section": ["Overview", "Scope"], "body": "b"]).decode(Thread.self)
            var (text, etag) = try await api.markdown(Self.slug)
            // Rename the parent: both threads follow their sections by title.
            text = text.replacingOccurrences(of: "## Overview\n", with: "## Summary\n")
            #expect(try await api.put(Self.slug, markdown: text, ifMatch: etag).status == .ok)
            var threads = try await api.get("/api/v1/specs/\(Self.slug)/threads").decode(ThreadList.self).threads
            #expect(threads.map(\.anchor.section) == [["Summary", "Purpose"], ["Summary", "Scope"]])
            #expect(threads.allSatisfy { $0.anchor.moved && !$0.anchor.outdated })
            #expect(threads[0].section == ["Overview", "Purpose"])
            // Delete the passage: the thread is outdated and keeps the passage as it was.
            (text, etag) = try await api.markdown(Self.slug)
            #expect(try await api.put(Self.slug, markdown: text.replacingOccurrences(of: Self.passage, with: "We retry."), ifMatch: etag).status == .ok)
            threads = try await api.get("/api/v1/specs/\(Self.slug)/threads").decode(ThreadList.self).threads
            #expect(threads[0].id == onPassage.id && threads[0].anchor.outdated && threads[0].quote == Self.passage)
            #expect(threads[1].id == onSection.id && !threads[1].anchor.outdated)
        }
    }

    @Test("a suggested edit: the author applies it as a new revision over If-Match; never by its own author; once")
    func suggestion() async throws {
        let fixture = try await LifecycleEndpointTests.inReview()
        try await fixture.run { api in
            let replacement = "We currently give up after the first failure, which loses revenue."
            let thread = try await Self.open(api, ["quote": Self.passage, "body": "Say why it matters.", "suggestion": replacement]).decode(Thread.self)
            #expect(thread.suggestion?.state == "pending")
            let path = "/api/v1/specs/\(Self.slug)/threads/\(thread.id)/suggestion"
            expectError(try await Self.post(api, path + "/apply", as: .reviewer), .forbidden, "other than its author")
            expectError(try await Self.post(api, path + "/apply", as: .author, headers: [.ifMatch: "\"0000\""]), .preconditionFailed)
            let (_, etag) = try await api.markdown(Self.slug)
            let applied = try await Self.post(api, path + "/apply", as: .author, headers: [.ifMatch: etag])
            #expect(applied.status == .ok, "\(applied.text)")
            #expect(applied.headers[.eTag] != etag)
            let (text, _) = try await api.markdown(Self.slug)
            let count = try await api.revisionCount(Self.slug)
            #expect(text.contains(replacement) && count == 2)
            let revisions = try await fixture.database.revisions(slug: Self.slug)
            #expect(revisions.last?.message == "Applied the suggestion of thread #\(thread.id) by \(ServerFixture.userNames[.reviewer]!)")
            #expect(revisions.last?.author == ServerFixture.userNames[.author])
            let after = try await api.get("/api/v1/specs/\(Self.slug)/threads/\(thread.id)").decode(Thread.self)
            #expect(after.suggestion?.state == "applied" && after.comments.last?.body == "Applied the suggestion in revision 2.")
            expectError(try await Self.post(api, path + "/apply", as: .author), .conflict, "already applied")
            expectError(try await Self.post(api, path + "/dismiss", as: .author), .conflict)

            // A suggestion must say which text it replaces; a passage the text repeats is refused.
            expectError(try await Self.open(api, ["quote": "the", "body": "x", "suggestion": "a"]), .conflict, "occurs")
            // A multi-line suggestion from a browser (CRLF) keeps the spec's LF line ends.
            let lines = try await Self.open(api, ["quote": "processor timed out", "body": "Two lines.", "suggestion": "processor\r\ntimed out"]).decode(Thread.self)
            #expect(lines.suggestion?.text == "processor\ntimed out")
            _ = try await Self.post(api, "/api/v1/specs/\(Self.slug)/threads/\(lines.id)/suggestion/dismiss", as: .author)
            let other = try await Self.open(api, ["quote": "processor timed out", "body": "Typo?", "suggestion": "processor timed-out"]).decode(Thread.self)
            // A later revision that repeats the passage makes the suggestion ambiguous: refused.
            let (original, repeatedTag) = try await api.markdown(Self.slug)
            let repeated = original
                .replacingOccurrences(of: "processor timed out", with: "processor timed out (the processor timed out)")
            #expect(try await api.put(Self.slug, markdown: repeated, ifMatch: repeatedTag).status == .ok)
            expectError(try await Self.post(api, "/api/v1/specs/\(Self.slug)/threads/\(other.id)/suggestion/apply", as: .author), .conflict, "more than once")
            let dismissed = try await Self.post(api, "/api/v1/specs/\(Self.slug)/threads/\(other.id)/suggestion/dismiss", as: .author)
            #expect(try dismissed.decode(Thread.self).suggestion?.state == "dismissed")
            #expect(try await api.revisionCount(Self.slug) == 3)
        }
    }

    @Test("inbox: review requests by name and role, mentions, replies, concerns on my spec, stale sign-offs; marked done")
    func inbox() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed(Self.slug, markdown: Samples.paymentRetries, author: ServerFixture.userNames[.author]!)
        let author = ServerFixture.userNames[.author]!, reviewer = ServerFixture.userNames[.reviewer]!
        try await fixture.run { api in
            let requested = try await Self.post(api, "/api/v1/specs/\(Self.slug)/review-requests", ["users": [reviewer], "role": "approver", "note": "Before Friday"], as: .author)
            #expect(requested.status == .created, "\(requested.text)")
            #expect(try requested.object()["reviewers"] as? [String] == [reviewer, ServerFixture.userNames[.admin]!, ServerFixture.userNames[.approver]!])
            expectError(try await Self.post(api, "/api/v1/specs/\(Self.slug)/review-requests", ["users": ["Nobody"]], as: .author), .conflict, "'Nobody'")
            expectError(try await Self.post(api, "/api/v1/specs/\(Self.slug)/review-requests", ["users": [author]], as: .author), .conflict)

            var items = try await Self.inbox(api, .reviewer)
            #expect(items.map(\.reason) == ["review-requested"])
            #expect(items[0].summary == "\(author) asked you to review 'Payment Retries Technical Specification': Before Friday")

            // A concern on the author's spec, mentioning the approver (names are matched as typed: no spaces, so none here).
            let concern = try await Self.open(api, ["kind": "concern", "body": "Not safe yet."]).decode(Thread.self)
            #expect(try await Self.inbox(api, .author).map(\.reason) == ["concern"])
            _ = try await Self.post(api, "/api/v1/specs/\(Self.slug)/threads/\(concern.id)/comments", ["body": "Why not?"], as: .author)
            items = try await Self.inbox(api, .reviewer)
            #expect(items.map(\.reason) == ["reply", "review-requested"] && items[0].thread == concern.id)

            // A sign-off made stale by a later revision.
            #expect(try await api.signOff(Self.slug, role: ServerFixture.reviewerSignOffRole, as: .reviewer).status == .created)
            let (text, etag) = try await api.markdown(Self.slug)
            #expect(try await api.put(Self.slug, markdown: text.replacingOccurrences(of: Self.passage, with: "We retry never."), ifMatch: etag).status == .ok)
            items = try await Self.inbox(api, .reviewer)
            #expect(items.first?.reason == "signoff-stale")
            #expect(items.first?.summary.contains("made your sign-off as QA") == true)

            let done = try await api.send(.post, "/api/v1/inbox/\(items[0].id)/done", as: .reviewer)
            #expect(done.status == .noContent)
            expectError(try await api.send(.post, "/api/v1/inbox/\(items[1].id)/done", as: .author), .notFound)
            #expect(try await Self.inbox(api, .reviewer).count == items.count - 1)
            #expect(try await api.get("/api/v1/inbox?all=true", as: .reviewer).decode(Inbox.self).items.count == items.count)
        }
    }

    @Test("mentions reach users by name; comments are edited only by their author")
    func mentionsAndEdits() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed(Self.slug, markdown: Samples.paymentRetries)
        _ = try await fixture.database.createUser(name: "sam", role: .reviewer)
        try await fixture.run { api in
            let thread = try await Self.open(api, ["body": "@sam and @nobody, see mail@example.com"], as: .author).decode(Thread.self)
            let sam = try await fixture.database.inbox(user: "sam", includeDone: false, limit: 10)
            #expect(sam.map(\.reason) == [.mention] && sam[0].threadID == Int64(thread.id))
            let comment = thread.comments[0].id
            let path = "/api/v1/specs/\(Self.slug)/comments/\(comment)"
            expectError(try await api.send(.patch, path, as: .reviewer, body: #"{"body":"mine now"}"#, contentType: "application/json"), .forbidden)
            let edited = try await api.send(.patch, path, as: .author, body: #"{"body":"@sam, see above"}"#, contentType: "application/json")
            #expect(edited.status == .ok, "\(edited.text)")
            #expect(try await api.get("/api/v1/specs/\(Self.slug)/threads/\(thread.id)").decode(Thread.self).comments[0].edited != nil)
            expectError(try await api.send(.patch, "/api/v1/specs/other/comments/\(comment)", as: .author, body: #"{"body":"x"}"#, contentType: "application/json"), .notFound)
        }
    }

    @Test("webhooks: admins only; URLs, events and secrets checked; the secret is shown once; deliveries listed")
    func webhooks() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let body: [String: Any] = ["url": "http://127.0.0.1:9/hook", "events": ["spec.created", "thread.created"]]
            expectError(try await Self.post(api, "/api/v1/webhooks", body, as: .approver), .forbidden)
            let created = try await Self.post(api, "/api/v1/webhooks", body, as: .admin)
            #expect(created.status == .created, "\(created.text)")
            let object = try created.object()
            #expect((object["secret"] as? String)?.hasPrefix("whsec_") == true)
            let list = try await api.get("/api/v1/webhooks", as: .admin)
            #expect(!list.text.contains("whsec_") && list.text.contains("\"events\":[\"spec.created\",\"thread.created\"]"))
            expectError(try await Self.post(api, "/api/v1/webhooks", ["url": "ftp://x/y", "events": ["spec.created"]], as: .admin), .badRequest, "url")
            expectError(try await Self.post(api, "/api/v1/webhooks", ["url": "http://x/y", "events": ["spec.deleted"]], as: .admin), .badRequest, "'spec.deleted'")
            expectError(try await Self.post(api, "/api/v1/webhooks", ["url": "http://x/y", "events": ["spec.created"], "secret": "short"], as: .admin), .badRequest, "secret")
            let id = try #require(object["id"] as? Int)
            #expect(try await api.create(["title": "Hooked"]).status == .created)
            let deliveries = try await api.get("/api/v1/webhooks/\(id)/deliveries", as: .admin)
            #expect(deliveries.text.contains("\"event\":\"spec.created\""))
            #expect(try await api.send(.delete, "/api/v1/webhooks/\(id)", as: .admin).status == .noContent)
            expectError(try await api.send(.delete, "/api/v1/webhooks/\(id)", as: .admin), .notFound)
        }
    }
}

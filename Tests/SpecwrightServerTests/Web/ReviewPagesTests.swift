import Foundation
import Hummingbird
import HummingbirdTesting
import SpecwrightCore
import SpecwrightServer
import SpecwrightStore
import Testing

@Suite("Web app: review threads, concerns, suggestions, inbox, webhooks")
struct ReviewPagesTests {
    static let slug = "payment-retries"
    static let passage = ReviewEndpointTests.passage

    @Test("a reviewer raises a concern with a suggestion through the form; approval is refused listing it; the author applies the suggestion; the reviewer resolves it")
    func concernFlow() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed(Self.slug, markdown: Samples.paymentRetries, author: ServerFixture.userNames[.author]!)
        try await fixture.run { api in
            let reviewer = try await fixture.signedIn(.reviewer, api)
            let page = try await reviewer.get("/specs/\(Self.slug)")
            #expect(page.text.contains(#"<form method="post" action="/specs/payment-retries/threads" class="stack new-thread" id="new-thread">"#))
            #expect(page.text.contains(#"<option value="[&quot;Overview&quot;,&quot;Purpose&quot;]" data-anchor="purpose">  Purpose</option>"#))
            let opened = try await reviewer.post("/specs/\(Self.slug)/threads", [
                ("kind", "concern"), ("section", #"["Overview","Purpose"]"#), ("quote", Self.passage),
                ("body", "This loses **revenue**. <script>alert(1)</script>"), ("suggestion", "We retry soft declines."),
            ])
            #expect(opened.status == .seeOther, "\(opened.text)")
            #expect(opened.headers[.location] == "/specs/\(Self.slug)?done=thread#thread-1")
            let shown = try await reviewer.get("/specs/\(Self.slug)")
            #expect(shown.text.contains(#"<article class="thread concern" id="thread-1""#))
            #expect(shown.text.contains("<strong>revenue</strong>") && !shown.text.contains("<script>alert(1)"))
            #expect(shown.text.contains("1 open concern blocking approval"))
            // Its own author sees no Apply button.
            #expect(!shown.text.contains("Apply suggestion"))

            let approver = try await fixture.signedIn(.approver, api)
            let before = try await approver.get("/specs/\(Self.slug)")
            #expect(before.text.contains(#"<span class="rule">approved.no-open-concerns</span>"#))
            let etag = try #require(Browser.capture(#"name="base" value="([0-9a-f]+)""#, in: before.text))
            let refused = try await approver.post("/specs/\(Self.slug)/status", [("target", "APPROVED"), ("base", etag)])
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("open concern #1 by \(ServerFixture.userNames[.reviewer]!) on &#39;Overview › Purpose&#39;") ||
                    refused.text.contains("open concern #1 by \(ServerFixture.userNames[.reviewer]!) on &apos;Overview › Purpose&apos;"))

            let author = try await fixture.signedIn(.author, api)
            let mine = try await author.get("/specs/\(Self.slug)")
            #expect(mine.text.contains("Apply suggestion"))
            #expect(!mine.text.contains(#"action="/specs/payment-retries/threads/1/resolve""#), "only its author or an admin resolves a concern")
            let base = try #require(Browser.capture(#"name="base" value="([0-9a-f]+)""#, in: mine.text))
            let applied = try await author.post("/specs/\(Self.slug)/threads/1/suggestion/apply", [("base", base)])
            #expect(applied.status == .seeOther, "\(applied.text)")
            #expect(try await api.markdown(Self.slug).text.contains("We retry soft declines."))
            let replied = try await author.post("/specs/\(Self.slug)/threads/1/comments", [("body", "Applied, thanks @nobody\n\n# new-thread")])
            #expect(replied.status == .seeOther)

            // A heading in a comment takes no id (it could shadow the page's own elements).
            let withHeading = try await author.get("/specs/\(Self.slug)")
            #expect(withHeading.text.contains("<h1>new-thread</h1>") && Browser.captures(#"id="(new-thread)""#, in: withHeading.text).count == 1)
            // The author edits their reply in place (within 15 minutes); nobody else gets the form.
            let commentID = try #require(Browser.capture(#"action="/specs/payment-retries/comments/(\d+)/edit""#, in: withHeading.text))
            #expect(!(try await reviewer.get("/specs/\(Self.slug)").text.contains("/comments/\(commentID)/edit")))
            let edited = try await author.post("/specs/\(Self.slug)/comments/\(commentID)/edit", [("body", "Applied, thanks.")])
            #expect(edited.status == .seeOther && edited.headers[.location] == "/specs/\(Self.slug)?done=edited#comment-\(commentID)")
            #expect(try await reviewer.get("/specs/\(Self.slug)").text.contains("Applied, thanks.</p>"))
            #expect(try await reviewer.post("/specs/\(Self.slug)/comments/\(commentID)/edit", [("body", "Hijacked")]).status == .forbidden)
            let resolved = try await reviewer.post("/specs/\(Self.slug)/threads/1/resolve", [])
            #expect(resolved.status == .seeOther)
            let after = try await approver.get("/specs/\(Self.slug)")
            #expect(!after.text.contains(#"<span class="rule">approved.no-open-concerns</span>"#))
            #expect(after.text.contains(#"<article class="thread concern resolved" id="thread-1""#))
            // The inbox: the author heard of the concern, the reviewer of the reply.
            let inbox = try await reviewer.get("/inbox")
            #expect(inbox.text.contains("replied on") && inbox.text.contains(#"href="/specs/payment-retries#thread-1""#))
            #expect(try await author.get("/inbox").text.contains("raised a concern"))
        }
    }

    @Test("a review request reaches the inbox; Done clears it; bad forms are 400 pages; forged posts are 403")
    func inbox() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed(Self.slug, markdown: Samples.paymentRetries)
        try await fixture.run { api in
            let author = try await fixture.signedIn(.author, api)
            _ = try await author.get("/specs/\(Self.slug)")
            let requested = try await author.post("/specs/\(Self.slug)/review-requests", [("users", "@\(ServerFixture.userNames[.reviewer]!.replacingOccurrences(of: " ", with: ""))"), ("role", "")])
            #expect(requested.status == .conflict, "a name with its space removed is no user")
            let ok = try await author.post("/specs/\(Self.slug)/review-requests", [("users", ""), ("role", "approver"), ("note", "Before Friday")])
            #expect(ok.status == .seeOther, "\(ok.text)")
            let approver = try await fixture.signedIn(.approver, api)
            let inbox = try await approver.get("/inbox")
            #expect(inbox.text.contains("Review requested") && inbox.text.contains("Before Friday"))
            let id = try #require(Browser.capture(#"action="/inbox/(\d+)/done""#, in: inbox.text))
            #expect(try await approver.post("/inbox/\(id)/done", [], csrf: "forged").status == .forbidden)
            #expect(try await approver.post("/inbox/\(id)/done", []).status == .seeOther)
            #expect(try await approver.get("/inbox").text.contains("Nothing waiting for you."))
            #expect(try await approver.get("/inbox?all=1").text.contains("inbox-item review-requested done"))
            let bad = try await author.post("/specs/\(Self.slug)/threads", [("kind", "concern"), ("section", "not json"), ("body", "x")])
            #expect(bad.status == .badRequest && bad.text.contains("choose a section"))
            let reader = try await fixture.signedIn(.reader, api)
            #expect(try await reader.post("/specs/\(Self.slug)/threads", [("body", "x")]).status == .forbidden)
            #expect(!(try await reader.get("/specs/\(Self.slug)").text.contains("Start a thread")))
        }
    }

    @Test("admins register a webhook (the secret shown once) and see the delivery log; others cannot")
    func webhooks() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let admin = try await fixture.signedIn(.admin, api)
            _ = try await admin.get("/admin")
            let added = try await admin.post("/admin/webhooks", [("url", "http://127.0.0.1:9/hook"), ("events", "spec.created"), ("events", "review.requested")])
            #expect(added.status == .ok)
            #expect(added.text.contains("Signing secret for webhook #1") && added.text.contains("whsec_"))
            #expect(try await api.create(["title": "Hooked"]).status == .created)
            let page = try await admin.get("/admin")
            #expect(page.text.contains("spec.created, review.requested") && page.text.contains(#"<span class="state pending">pending</span>"#))
            #expect(!page.text.contains("whsec_"))
            let refused = try await admin.post("/admin/webhooks", [("url", "javascript:alert(1)"), ("events", "spec.created")])
            #expect(refused.status == .badRequest && refused.text.contains("url must be an http or https URL"))
            let approver = try await fixture.signedIn(.approver, api)
            #expect(try await approver.post("/admin/webhooks", [("url", "http://x/y"), ("events", "spec.created")]).status == .forbidden)
            #expect(try await admin.post("/admin/webhooks/1/delete", []).status == .seeOther)
            #expect(try await fixture.database.webhooks().isEmpty)
        }
    }
}

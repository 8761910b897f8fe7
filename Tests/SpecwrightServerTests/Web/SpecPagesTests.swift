import Foundation
import Hummingbird
import HummingbirdTesting
import SpecwrightCore
import SpecwrightServer
import SpecwrightStore
import Testing

@Suite("Web app: dashboard, spec page, actions, editor, history")
struct SpecPagesTests {
    @Test("the dashboard lists, filters, sorts and pages specs, with counts per status")
    func dashboard() async throws {
        let fixture = try await ServerFixture.make()
        for index in 0..<30 {
            try await fixture.seed(String(format: "note-%02d", index), markdown: Samples.note(String(format: "Note %02d", index)))
        }
        try await fixture.seed("payment-retries", markdown: Samples.paymentRetries)
        try await fixture.seed("draft-spec", markdown: Samples.generated("Draft Spec"))
        try await fixture.run { api in
            let browser = try await fixture.signedIn(.reader, api)
            let first = try await browser.get("/?sort=title&dir=asc")
            #expect(first.status == .ok)
            let titles = Browser.captures(#"<td data-label="Title"><a href="/specs/[^"]+">([^<]+)</a>"#, in: first.text)
            #expect(titles.count == 25)
            #expect(Array(titles.prefix(3)) == ["Draft Spec Technical Specification", "Note 00", "Note 01"])
            #expect(first.text.contains("Page 1 of 2"))
            #expect(first.text.contains(#"aria-sort="ascending""#))
            let second = try await browser.get("/?sort=title&dir=asc&page=2")
            #expect(Browser.captures(#"<td data-label="Title"><a href="/specs/[^"]+">([^<]+)</a>"#, in: second.text).count == 7)
            let filtered = try await browser.get("/?status=IN_REVIEW")
            #expect(Browser.captures(#"<td data-label="Title"><a href="/specs/([^"]+)">"#, in: filtered.text) == ["payment-retries"])
            let searched = try await browser.get("/?q=note+2")
            #expect(Browser.captures(#"<td data-label="Title"><a href="/specs/([^"]+)">"#, in: searched.text).count == 10)
            #expect(first.text.contains(#"<span class="badge review">IN_REVIEW</span> 1</a>"#))
            let byFindings = try await browser.get("/?sort=findings&dir=desc")
            #expect(Browser.captures(#"<td data-label="Title"><a href="/specs/([^"]+)">"#, in: byFindings.text).first == "draft-spec")
            // A page past the end shows the last page.
            #expect(try await browser.get("/?page=99").text.contains("Page 2 of 2"))
        }
    }

    @Test("the spec page shows the document, outline with findings, moves with their gates, sign-offs and the checklist")
    func specPage() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("draft-spec", markdown: Samples.generated("Draft Spec"))
        try await fixture.run { api in
            let browser = try await fixture.signedIn(.author, api)
            let page = try await browser.get("/specs/draft-spec")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<h1 id="draft-spec-technical-specification">Draft Spec Technical Specification</h1>"#))
            #expect(page.text.contains(#"<input type="hidden" name="target" value="IN_REVIEW">"#))
            #expect(page.text.contains("unmet gate"))
            #expect(page.text.contains(#"<span class="rule">review.no-placeholders</span>"#))
            #expect(page.text.contains("Sign as Product Owner") == false, "an author may not sign as an approver role")
            #expect(page.text.contains(#"<form method="post" action="/specs/draft-spec/tick""#))
            #expect(page.text.contains(#"href="/specs/draft-spec/edit">Edit</a>"#))
            // Findings sit next to their sections, with line and column.
            #expect(page.text.range(of: #"<span class="where">line \d+:\d+</span> unfilled placeholder"#, options: .regularExpression) != nil)
            let reader = try await fixture.signedIn(.reader, api)
            let readOnly = try await reader.get("/specs/draft-spec")
            #expect(!readOnly.text.contains("/edit\"") && !readOnly.text.contains("Move to") && !readOnly.text.contains("Sign as"))
            #expect(try await reader.get("/specs/nope").status == .notFound)
        }
    }

    @Test("a refused move lists its unmet gates on the page; an allowed one saves a new revision")
    func moves() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("draft-spec", markdown: Samples.generated("Draft Spec"))
        try await fixture.seed("note", markdown: Samples.paymentRetries.replacingOccurrences(of: "IN_REVIEW", with: "DRAFT"))
        try await fixture.run { api in
            let browser = try await fixture.signedIn(.author, api)
            _ = try await browser.get("/specs/draft-spec")
            let refused = try await browser.post("/specs/draft-spec/status", [("target", "IN_REVIEW")])
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("Not moved to IN_REVIEW"))
            #expect(refused.text.contains("[review.no-placeholders]"))
            #expect(try await api.revisionCount("draft-spec") == 1)
            // The page's script asks for JSON and gets the API's error body.
            let json = try await browser.post("/specs/draft-spec/status", [("target", "IN_REVIEW")], accept: "application/json")
            #expect(json.status == .conflict && json.text.contains("\"details\""))
            _ = try await browser.get("/specs/note")
            let moved = try await browser.post("/specs/note/status", [("target", "IN_REVIEW")])
            #expect(moved.status == .seeOther && moved.headers[.location] == "/specs/note?done=moved")
            #expect(try await fixture.database.spec(slug: "note")?.status == "IN_REVIEW")
        }
    }

    @Test("signing from the page binds to the text; a later edit makes it stale and the page names the changed section")
    func signAndStale() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("spec", markdown: Samples.generated("Signed Spec", template: "system-design"))
        try await fixture.run { api in
            let approver = try await fixture.signedIn(.approver, api)
            let page = try await approver.get("/specs/spec")
            #expect(page.text.contains("Sign as Product Owner"))
            let signed = try await approver.post("/specs/spec/signoffs", [("role", "Product Owner")])
            #expect(signed.status == .seeOther)
            let after = try await approver.get("/specs/spec")
            #expect(after.text.range(of: #"<strong>Product Owner</strong> <span class="state valid">Valid</span>"#) != nil)
            #expect(try await fixture.database.signOffs(slug: "spec").map(\.role) == ["Product Owner"])
            // An edit to a section makes the sign-off stale, naming what changed.
            let author = try await fixture.signedIn(.author, api)
            let editor = try await author.get("/specs/spec/edit")
            let base = try #require(Browser.capture(#"name="base" value="([0-9a-f]+)""#, in: editor.text))
            let text = try await api.markdown("spec").text.replacingOccurrences(of: "## Executive Summary\n", with: "## Executive Summary\n\nA new first paragraph.\n")
            #expect(try await author.post("/specs/spec/edit", [("markdown", text), ("base", base), ("message", "overview")]).status == .seeOther)
            let stale = try await approver.get("/specs/spec")
            #expect(stale.text.range(of: #"<strong>Product Owner</strong> <span class="state stale">Stale</span>"#) != nil)
            #expect(stale.text.contains("changed since: Executive Summary"))
            let dashboard = try await approver.get("/")
            #expect(dashboard.text.contains("your sign-off as Product Owner is stale"))
        }
    }

    @Test("ticking an item from the page records it in the text; a form from an older revision is refused")
    func tick() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("spec", markdown: Samples.generated("Tick Spec"))
        try await fixture.run { api in
            let browser = try await fixture.signedIn(.author, api)
            let page = try await browser.get("/specs/spec")
            let item = try #require(Browser.capture(#"<input type="hidden" name="item" value="([^"]+)">"#, in: page.text))
            let base = try #require(Browser.capture(#"name="base" value="([0-9a-f]+)""#, in: page.text))
            let ticked = try await browser.post("/specs/spec/tick", [("item", item), ("checked", "true"), ("base", base)], accept: "application/json")
            #expect(ticked.status == .ok)
            #expect(ticked.text.contains("\"revision\":2"))
            #expect(try await api.markdown("spec").text.contains("- [x] \(item)"))
            let stale = try await browser.post("/specs/spec/tick", [("item", item), ("checked", "false"), ("base", base)])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.text.contains("changed since you opened it"))
        }
    }

    @Test("the editor saves with the base revision; a conflicting save shows both diffs and keeps the text typed")
    func editorConflict() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note", body: "First."))
        try await fixture.run { api in
            let first = try await fixture.signedIn(.author, api)
            let second = try await fixture.signedIn(.admin, api)
            let one = try await first.get("/specs/note/edit")
            let two = try await second.get("/specs/note/edit")
            #expect(one.text.contains("<textarea id=\"markdown\" name=\"markdown\""))
            let base = try #require(Browser.capture(#"name="base" value="([0-9a-f]+)""#, in: one.text))
            #expect(Browser.capture(#"name="base" value="([0-9a-f]+)""#, in: two.text) == base)
            let saved = try await first.post("/specs/note/edit", [("markdown", "# Note\r\n\r\nTheirs.\r\n"), ("base", base), ("message", "theirs")])
            #expect(saved.status == .seeOther)
            #expect(try await api.markdown("note").text == "# Note\n\nTheirs.\n")
            let conflict = try await second.post("/specs/note/edit", [("markdown", "# Note\n\nMine <b>typed</b>.\n"), ("base", base), ("message", "mine")])
            #expect(conflict.status == .conflict)
            #expect(conflict.text.contains("Someone else saved revision 2"))
            // The typed text is in the editor, escaped; their change and mine are shown.
            #expect(conflict.text.contains("Mine &lt;b&gt;typed&lt;/b&gt;."))
            #expect(conflict.text.contains(#"<tr class="inserted">"#) && conflict.text.contains("Theirs."))
            #expect(conflict.text.contains("Save over revision 2"))
            let newBase = try #require(Browser.capture(#"name="base" value="([0-9a-f]+)""#, in: conflict.text))
            let over = try await second.post("/specs/note/edit", [("markdown", "# Note\n\nMine.\n"), ("base", newBase), ("message", "mine")])
            #expect(over.status == .seeOther)
            #expect(try await api.markdown("note").text == "# Note\n\nMine.\n")
            #expect(try await fixture.database.revisions(slug: "note").map(\.message) == ["created", "theirs", "mine"])
        }
    }

    @Test("a new spec from each built-in template opens in the editor")
    func newSpec() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let browser = try await fixture.signedIn(.author, api)
            let form = try await browser.get("/new")
            #expect(form.text.contains(#"value="feature-spec""#) && form.text.contains(#"value="system-design""#))
            for template in ["feature-spec", "system-design"] {
                let created = try await browser.post("/new", [("title", "Made With \(template)"), ("template", template)])
                let slug = "made-with-\(template)"
                #expect(created.status == .seeOther && created.headers[.location] == "/specs/\(slug)/edit?done=created")
                #expect(try await fixture.database.spec(slug: slug)?.template == template)
                #expect(try await browser.get("/specs/\(slug)/edit?done=created").text.contains("Spec created."))
            }
            let duplicate = try await browser.post("/new", [("title", "Made With feature-spec"), ("template", "feature-spec")])
            #expect(duplicate.status == .conflict && duplicate.text.contains("already exists"))
            let blank = try await browser.post("/new", [("title", "  "), ("template", "feature-spec")])
            #expect(blank.status == .badRequest)
        }
    }

    @Test("history lists revisions and diffs any two, unified or side by side, naming changed sections")
    func history() async throws {
        let fixture = try await ServerFixture.make()
        let text = Samples.generated("History Spec")
        try await fixture.seed("spec", markdown: text)
        try await fixture.run { api in
            let (_, etag) = try await api.markdown("spec")
            #expect(try await api.put("spec", markdown: text.replacingOccurrences(of: "## Overview\n", with: "## Overview\n\nChanged.\n"), ifMatch: etag).status == .ok)
            let browser = try await fixture.signedIn(.reader, api)
            let page = try await browser.get("/specs/spec/history")
            #expect(page.status == .ok)
            #expect(page.text.contains("Revision 1 → 2"))
            #expect(page.text.contains(#"<span class="tag">Overview</span>"#))
            #expect(page.text.contains(#"<tr class="inserted"><td class="num"></td><td class="num">"#))
            let split = try await browser.get("/specs/spec/history?from=1&to=2&view=split")
            #expect(split.text.contains(#"<td class="code inserted">Changed.</td>"#))
            #expect(try await browser.get("/specs/spec/history?from=7").status == .badRequest)
        }
    }

    @Test("templates: the list and what was derived from each")
    func templates() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let browser = try await fixture.signedIn(.reader, api)
            let list = try await browser.get("/templates")
            #expect(list.text.contains(#"<a href="/templates/feature-spec">feature-spec</a>"#))
            let detail = try await browser.get("/templates/system-design")
            #expect(detail.status == .ok)
            #expect(detail.text.contains("Sign-off roles: Technical Lead, Product Owner, Security Lead"))
            #expect(detail.text.contains("Lifecycle: "))
            #expect(try await browser.get("/templates/nope").status == .notFound)
        }
    }
}

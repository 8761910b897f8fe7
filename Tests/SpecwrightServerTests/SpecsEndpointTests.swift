import Foundation
import Hummingbird
import HummingbirdTesting
import SpecwrightServer
import SpecwrightStore
import Testing

/// `/api/v1/specs` and `/api/v1/specs/{slug}`: list, create, read, revise, archive.
@Suite("Specs: list, create, read, revise, archive")
struct SpecsEndpointTests {
    // MARK: List

    @Test("an empty list has specs [] and next_cursor null (the key is present)")
    func emptyList() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let response = try await api.get("/api/v1/specs")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            #expect(response.text == #"{"next_cursor":null,"specs":[]}"#)
        }
    }

    @Test("keyset pagination: limit, next_cursor, cursor walk every spec once, in slug order")
    func pagination() async throws {
        let fixture = try await ServerFixture.make()
        for index in [3, 1, 5, 2, 4] {
            try await fixture.seed("spec-0\(index)", markdown: Samples.note("Spec \(index)"))
        }
        try await fixture.run { api in
            var seen: [String] = []
            var cursors: [String?] = []
            var uri = "/api/v1/specs?limit=2"
            for _ in 0..<5 {
                let response = try await api.get(uri)
                #expect(response.status == .ok)
                let page = try response.decode(Bodies.SpecList.self)
                #expect(page.specs.count <= 2)
                seen += page.specs.map(\.slug)
                cursors.append(page.next_cursor)
                guard let next = page.next_cursor else { break }
                #expect(next == page.specs.last?.slug)
                uri = "/api/v1/specs?limit=2&cursor=\(next)"
            }
            #expect(seen == ["spec-01", "spec-02", "spec-03", "spec-04", "spec-05"])
            #expect(cursors == ["spec-02", "spec-04", nil])

            // The default page size is 20.
            let all = try await api.get("/api/v1/specs").decode(Bodies.SpecList.self)
            #expect(all.specs.count == 5 && all.next_cursor == nil)
        }
    }

    @Test("filters: status, template and q (case-insensitive title search, LIKE wildcards taken literally)")
    func filters() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("payment-retries", markdown: Samples.paymentRetries)
        try await fixture.seed("search-design", markdown: Samples.generated("Search Index Rebuild", template: "system-design"))
        try await fixture.seed("draft-feature", markdown: Samples.generated("Webhook Signing"))
        try await fixture.seed("percent", markdown: Samples.note("Discount of 100% off"))
        try await fixture.run { api in
            func slugs(_ query: String) async throws -> [String] {
                let response = try await api.get("/api/v1/specs?\(query)")
                #expect(response.status == .ok, "\(query): \(response.text)")
                return try response.decode(Bodies.SpecList.self).specs.map(\.slug)
            }
            #expect(try await slugs("status=IN_REVIEW") == ["payment-retries"])
            // Statuses match ignoring case: DRAFT (feature-spec) and Draft (system-design) alike.
            #expect(try await slugs("status=DRAFT") == ["draft-feature", "search-design"])
            #expect(try await slugs("status=Draft") == ["draft-feature", "search-design"])
            #expect(try await slugs("template=feature-spec") == ["draft-feature", "payment-retries"])
            #expect(try await slugs("template=system-design") == ["search-design"])
            #expect(try await slugs("template=feature-spec&status=DRAFT") == ["draft-feature"])
            #expect(try await slugs("q=RETRIES") == ["payment-retries"])
            #expect(try await slugs("q=retries&status=DRAFT") == [])
            #expect(try await slugs("q=%25") == ["percent"])
            #expect(try await slugs("q=_") == [])
            #expect(try await slugs("status=NOPE") == [])

            let first = try await api.get("/api/v1/specs?status=IN_REVIEW").decode(Bodies.SpecList.self).specs[0]
            #expect(first.title == "Payment Retries Technical Specification")
            #expect(first.template == "feature-spec" && first.version == "0.2" && first.revision == 1 && !first.archived)
        }
    }

    @Test("an invalid limit, cursor or an over-long filter is 400", arguments: [
        "limit=0", "limit=101", "limit=-1", "limit=abc", "limit=", "cursor=Not%20A%20Slug", "cursor=UPPER",
        "q=" + String(repeating: "a", count: 201), "status=" + String(repeating: "a", count: 201), "template=" + String(repeating: "a", count: 201),
    ])
    func invalidListQuery(_ query: String) async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            expectError(try await api.get("/api/v1/specs?\(query)"), .badRequest)
        }
    }

    @Test("limits 1 and 100 are accepted")
    func limitBounds() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let one = try await api.get("/api/v1/specs?limit=1")
            let hundred = try await api.get("/api/v1/specs?limit=100")
            #expect(one.status == .ok && hundred.status == .ok)
        }
    }

    // MARK: Create

    @Test("create from a template: 201, Location, ETag, the detail, and the spec is readable there")
    func createFromTemplate() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let response = try await api.create(["title": "Payment Retries", "template": "feature-spec"])
            #expect(response.status == .created, "\(response.text)")
            #expect(response.headers[.location] == "/api/v1/specs/payment-retries")
            let detail = try response.decode(Bodies.SpecDetail.self)
            #expect(response.headers[.eTag] == "\"\(detail.spec.etag)\"")
            #expect(detail.spec.slug == "payment-retries" && detail.spec.title == "Payment Retries Technical Specification")
            #expect(detail.spec.template == "feature-spec" && detail.spec.status == "DRAFT" && detail.spec.revision == 1)
            #expect(detail.spec.author == ServerFixture.userNames[.author])
            #expect(!detail.sections.isEmpty && (0...1).contains(detail.completeness))

            let location = try #require(response.headers[.location])
            let read = try await api.get(location)
            #expect(read.status == .ok)
            #expect(read.headers[.eTag] == response.headers[.eTag])
            let (text, _) = try await api.markdown("payment-retries")
            #expect(text.hasPrefix("# Payment Retries"))
            #expect(text.contains(ServerFixture.userNames[.author]!))
        }
    }

    @Test("create: the template defaults to feature-spec; an explicit slug is used; system-design works")
    func createOptions() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let plain = try await api.create(["title": "Webhook Signing"])
            #expect(plain.status == .created)
            #expect(try plain.decode(Bodies.SpecDetail.self).spec.template == "feature-spec")

            let design = try await api.create(["title": "Search Rebuild", "template": "system-design", "slug": "search-v2"])
            #expect(design.status == .created)
            #expect(design.headers[.location] == "/api/v1/specs/search-v2")
            #expect(try design.decode(Bodies.SpecDetail.self).spec.template == "system-design")
        }
    }

    @Test("create from Markdown: facts read from the text, slug from its title unless given")
    func createFromMarkdown() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let response = try await api.create(["markdown": Samples.paymentRetries])
            #expect(response.status == .created, "\(response.text)")
            let detail = try response.decode(Bodies.SpecDetail.self)
            #expect(detail.spec.slug == "payment-retries-technical-specification")
            #expect(detail.spec.status == "IN_REVIEW" && detail.spec.template == "feature-spec" && detail.spec.version == "0.2")
            #expect(response.headers[.location] == "/api/v1/specs/payment-retries-technical-specification")
            #expect(response.headers[.eTag] == "\"\(detail.spec.etag)\"")
            #expect(try await api.markdown(detail.spec.slug).text == Samples.paymentRetries)

            let named = try await api.create(["markdown": Samples.note("Scratch"), "slug": "scratch-1"])
            #expect(named.status == .created)
            #expect(try named.decode(Bodies.SpecDetail.self).spec.slug == "scratch-1")
        }
    }

    @Test("a taken slug is 409, from a template or from Markdown, and the first spec is unchanged")
    func duplicateSlug() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            #expect(try await api.create(["title": "Payment Retries"]).status == .created)
            let before = try await api.markdown("payment-retries")
            expectError(try await api.create(["title": "Payment Retries"]), .conflict, "payment-retries")
            expectError(try await api.create(["markdown": Samples.note("Other"), "slug": "payment-retries"]), .conflict)
            #expect(try await api.markdown("payment-retries") == before)
            #expect(try await api.revisionCount("payment-retries") == 1)
        }
    }

    @Test("Markdown without a title gets a slug from its content")
    func createUntitled() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let response = try await api.send(.post, "/api/v1/specs", as: .author, body: #"{"markdown": "no title here, no slug"}"#, contentType: "application/json")
            #expect(response.status == .created)
            #expect(response.headers[.location]?.hasPrefix("/api/v1/specs/untitled-") == true)
        }
    }

    @Test("create refuses bad input with 400", arguments: [
        #"{}"#, #"{"title": "   "}"#, #"{"title": 42}"#, #"not json"#, "",
        #"{"title": "Payment", "template": "no-such-template"}"#, #"{"title": "Payment", "slug": "Bad Slug"}"#,
        #"{"title": "Payment", "slug": "-leading-dash"}"#, #"{"markdown": "x", "title": ""}"#,
    ])
    func createBadInput(_ body: String) async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            expectError(try await api.send(.post, "/api/v1/specs", as: .author, body: body, contentType: "application/json"), .badRequest)
            #expect(try await api.get("/api/v1/specs").decode(Bodies.SpecList.self).specs.isEmpty)
        }
    }

    @Test("create: a title over 200 characters is 400; an unknown template lists the known ones")
    func createLimits() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            expectError(try await api.create(["title": String(repeating: "a", count: 201)]), .badRequest, "200")
            let unknown = expectError(try await api.create(["title": "X", "template": "nope"]), .badRequest, "nope")
            #expect(unknown?.error == "unknown template 'nope'")
            #expect(unknown?.details == ["feature-spec", "system-design"])
        }
    }

    /// Regression: a slug derived from a non-ASCII title must still be a valid ASCII slug.
    @Test("create from a template with a non-ASCII title derives a usable slug")
    func createNonASCIITitle() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let response = try await api.create(["title": "Café Payments"])
            #expect(response.status == .created, "\(response.text)")
        }
    }

    // MARK: Read

    @Test("GET: the JSON detail and, with Accept: text/markdown, the stored text under the same ETag")
    func read() async throws {
        let fixture = try await ServerFixture.make()
        let record = try await fixture.seed("payment-retries", markdown: Samples.paymentRetries)
        try await fixture.run { api in
            let json = try await api.get("/api/v1/specs/payment-retries")
            #expect(json.status == .ok)
            #expect(json.headers[.contentType] == "application/json; charset=utf-8")
            #expect(json.headers[.eTag] == "\"\(record.contentHash)\"")
            let detail = try json.decode(Bodies.SpecDetail.self)
            #expect(detail.spec.etag == record.contentHash && detail.spec.status == "IN_REVIEW")
            #expect(detail.sections.contains { $0.title == "Overview" && $0.level == 2 })
            // Every heading below the title, in order, with its level and line.
            #expect(detail.sections.map(\.title) == [
                "Table of Contents",
                "Overview", "Purpose", "Scope", "Technical Goals", "Constraints & Assumptions",
                "Architecture Design", "High-Level Architecture", "Component Overview", "Design Decisions",
                "Detailed Design", "Module/Component Design", "Retry Scheduler", "Retry Worker", "Sequence Diagrams",
                "Data Model", "Database Schema", "Data Flow", "Data Retention",
                "API Design", "REST API Endpoints", "API Contracts", "Error Handling",
                "Integration Points", "Service Dependencies", "External Systems Impact", "API Version Compatibility",
                "Security Considerations", "Authentication & Authorization", "Data Security", "Security Checklist",
                "Performance Considerations", "Performance Requirements", "Optimization Strategies", "Capacity Planning",
                "Testing Strategy", "Test Coverage Requirements", "Test Scenarios", "Test Data Requirements",
                "Deployment Plan", "Deployment Strategy", "Environment Configuration", "Deployment Checklist",
                "Monitoring & Observability", "Key Metrics", "Logging Strategy", "Alerting Rules",
                "Risk Analysis", "Technical Risks", "Implementation Risks", "Rollback Risks",
                "Implementation Checklist", "Git Workflow Setup", "Development Workflow", "Pull Request Process",
                "Pre-Implementation", "During Implementation", "Post-Implementation",
                "Change Log",
            ])
            #expect(detail.sections.map(\.level) == [
                2, 2, 3, 3, 3, 3, 2, 3, 3, 3, 2, 3, 4, 4, 3, 2, 3, 3, 3, 2, 3, 3, 3, 2, 3, 3, 3, 2, 3, 3, 3,
                2, 3, 3, 3, 2, 3, 3, 3, 2, 3, 3, 3, 2, 3, 3, 3, 2, 3, 3, 3, 2, 3, 3, 3, 3, 3, 3, 2,
            ])
            #expect(detail.sections.map(\.line) == [
                12, 28, 30, 38, 54, 63, 72, 74, 96, 106, 114, 116, 118, 179, 222, 242, 244, 290, 299, 307, 309, 317, 391, 401, 403, 411, 420,
                426, 428, 436, 444, 454, 456, 464, 475, 482, 484, 490, 501, 508, 510, 516, 523, 533, 535, 545, 553, 562, 564, 572, 579, 586,
                588, 604, 624, 637, 646, 656, 666,
            ])
            #expect(detail.sections.allSatisfy { (0...1).contains($0.completeness) && $0.line >= 1 })
            #expect(detail.completeness > 0.5)
            let keys = try json.object().keys.sorted()
            #expect(keys == ["completeness", "findings", "sections", "spec"])

            let markdown = try await api.get("/api/v1/specs/payment-retries", headers: [.accept: "text/markdown"])
            #expect(markdown.status == .ok)
            #expect(markdown.headers[.contentType] == "text/markdown; charset=utf-8")
            #expect(markdown.text == Samples.paymentRetries)
            #expect(markdown.headers[.eTag] == json.headers[.eTag])
        }
    }

    @Test("GET of an unknown spec is 404; an invalid slug is 400")
    func readMissing() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            expectError(try await api.get("/api/v1/specs/no-such-spec"), .notFound, "no-such-spec")
            expectError(try await api.get("/api/v1/specs/Bad_Slug"), .badRequest)
            expectError(try await api.get("/api/v1/specs/\(String(repeating: "a", count: 101))"), .badRequest)
        }
    }

    /// Regression: `Accept` is read with its q-values, so `text/markdown;q=0` is not a preference.
    @Test("Accept: text/markdown;q=0 (explicitly not acceptable) gets JSON")
    func acceptQValues() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        try await fixture.run { api in
            let response = try await api.get("/api/v1/specs/note", headers: [.accept: "application/json, text/markdown;q=0"])
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8", "\(response.headers[.contentType] ?? "")")
            let plain = try await api.get("/api/v1/specs/note", headers: [.accept: "application/json"])
            #expect(plain.headers[.contentType] == "application/json; charset=utf-8")
        }
    }

    @Test("If-None-Match with the current ETag is 304 without a body, for either representation; after a change it is 200 again")
    func conditionalGet() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        try await fixture.run { api in
            let (_, etag) = try await api.markdown("note")
            for headers: HTTPFields in [[.ifNoneMatch: etag], [.ifNoneMatch: "W/\(etag)"], [.ifNoneMatch: "\"other\", \(etag)"], [.ifNoneMatch: "*"],
                                        [.ifNoneMatch: etag, .accept: "text/markdown"]] {
                let response = try await api.get("/api/v1/specs/note", headers: headers)
                #expect(response.status == .notModified, "\(headers)")
                #expect(response.headers[.eTag] == etag && response.text.isEmpty)
            }
            let other = try await api.get("/api/v1/specs/note", headers: [.ifNoneMatch: "\"other\""])
            #expect(other.status == .ok && other.headers[.vary] == "Accept" && other.headers[.eTag] == etag)

            #expect(try await api.put("note", markdown: Samples.note("Note", body: "Changed."), ifMatch: etag).status == .ok)
            let changed = try await api.get("/api/v1/specs/note", headers: [.ifNoneMatch: etag])
            #expect(changed.status == .ok && changed.headers[.eTag] != etag)
            // Not found beats not modified.
            #expect(try await api.get("/api/v1/specs/gone", headers: [.ifNoneMatch: "*"]).status == .notFound)
        }
    }

    @Test("HEAD answers as GET without a body: same status and headers, Content-Length included; errors too")
    func head() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        try await fixture.run { api in
            for (uri, role) in [("/api/v1/specs/note", UserRole.reader), ("/api/v1/specs?limit=5", .reader), ("/healthz", nil), ("/api/v1/templates", .reader)] as [(String, UserRole?)] {
                let get = try await api.send(.get, uri, as: role)
                let head = try await api.send(.head, uri, as: role)
                #expect(head.status == .ok && get.status == .ok, "\(uri)")
                #expect(head.body.readableBytes == 0, "\(uri)")
                #expect(head.headers[.contentLength] == String(get.body.readableBytes), "\(uri)")
                #expect(head.headers[.contentType] == get.headers[.contentType] && head.headers[.eTag] == get.headers[.eTag], "\(uri)")
            }
            let missing = try await api.send(.head, "/api/v1/specs/gone", as: .reader)
            #expect(missing.status == .notFound && missing.body.readableBytes == 0)
            #expect(try await api.send(.head, "/api/v1/specs/note", as: nil).status == .unauthorized)
            // HEAD is GET: where GET is not allowed, neither is HEAD.
            #expect(try await api.send(.head, "/api/v1/check", as: .reader).status == .methodNotAllowed)
        }
    }

    // MARK: Revise

    @Test("concurrent PUTs with the same If-Match: exactly one is saved, the others are 412")
    func concurrentPuts() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        try await fixture.run { api in
            let (_, etag) = try await api.markdown("note")
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<8 {
                    group.addTask { try await api.put("note", markdown: Samples.note("Note", body: "Writer \(index)."), ifMatch: etag).status.code }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.sorted() == [200] + Array(repeating: 412, count: 7))
            #expect(try await api.revisionCount("note") == 2)
        }
    }

    @Test("PUT with the ETag read saves a revision: 200, new ETag, facts updated from the text")
    func put() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("payment-retries", markdown: Samples.paymentRetries)
        try await fixture.run { api in
            let (text, etag) = try await api.markdown("payment-retries")
            let edited = text.replacingOccurrences(of: "**Document Status**: IN_REVIEW", with: "**Document Status**: DRAFT")
            let response = try await api.put("payment-retries", markdown: edited, ifMatch: etag)
            #expect(response.status == .ok, "\(response.text)")
            let detail = try response.decode(Bodies.SpecDetail.self)
            #expect(detail.spec.revision == 2 && detail.spec.status == "DRAFT")
            #expect(response.headers[.eTag] == "\"\(detail.spec.etag)\"")
            #expect(response.headers[.eTag] != etag)
            #expect(try await api.markdown("payment-retries") == (edited, "\"\(detail.spec.etag)\""))
            #expect(try await api.get("/api/v1/specs?status=DRAFT").decode(Bodies.SpecList.self).specs.map(\.slug) == ["payment-retries"])

            let revisions = try await fixture.database.revisions(slug: "payment-retries")
            #expect(revisions.map(\.author) == ["Seed", ServerFixture.userNames[.author]!])
            #expect(revisions.last?.message == "updated")
        }
    }

    @Test("PUT with a JSON body (and message), with If-Match *, and an unchanged text (no new revision)")
    func putVariants() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        try await fixture.run { api in
            let (_, etag) = try await api.markdown("note")
            let json = try await api.sendJSON(.put, "/api/v1/specs/note", as: .author, ["markdown": Samples.note("Note", body: "Two."), "message": "second thoughts"], headers: [.ifMatch: etag])
            #expect(json.status == .ok, "\(json.text)")
            #expect(try await fixture.database.revisions(slug: "note").last?.message == "second thoughts")

            let star = try await api.put("note", markdown: Samples.note("Note", body: "Three."), ifMatch: "*")
            #expect(star.status == .ok)
            #expect(try star.decode(Bodies.SpecDetail.self).spec.revision == 3)

            let (_, current) = try await api.markdown("note")
            let same = try await api.put("note", markdown: Samples.note("Note", body: "Three."), ifMatch: current)
            #expect(same.status == .ok)
            #expect(try same.decode(Bodies.SpecDetail.self).spec.revision == 3)
            #expect(same.headers[.eTag] == current)
            #expect(try await api.revisionCount("note") == 3)
        }
    }

    @Test("PUT with a stale If-Match is 412 with the current ETag, and nothing is saved")
    func putStale() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        try await fixture.run { api in
            let (_, first) = try await api.markdown("note")
            #expect(try await api.put("note", markdown: Samples.note("Note", body: "Grace's edit."), ifMatch: first).status == .ok)
            let (text, current) = try await api.markdown("note")

            let stale = try await api.put("note", markdown: Samples.note("Note", body: "Ada's edit."), ifMatch: first)
            let error = expectError(stale, .preconditionFailed)
            #expect(stale.headers[.eTag] == current)
            #expect(error?.details?.first?.contains(current) == true)
            #expect(try await api.markdown("note") == (text, current))
            #expect(try await api.revisionCount("note") == 2)

            // Also unquoted and made-up tags.
            expectError(try await api.put("note", markdown: "x\n", ifMatch: "deadbeef"), .preconditionFailed)
            #expect(try await api.revisionCount("note") == 2)
        }
    }

    @Test("PUT without If-Match is 400; nothing is saved")
    func putWithoutIfMatch() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        try await fixture.run { api in
            expectError(try await api.put("note", markdown: Samples.note("Note", body: "Lost update?"), ifMatch: nil), .badRequest, "If-Match")
            #expect(try await api.markdown("note").text == Samples.note("Note"))
            #expect(try await api.revisionCount("note") == 1)
        }
    }

    @Test("PUT with another Content-Type is 415; nothing is saved", arguments: ["application/xml", "text/html", "multipart/form-data; boundary=x", nil])
    func putWrongContentType(_ contentType: String?) async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        try await fixture.run { api in
            let (_, etag) = try await api.markdown("note")
            let response = try await api.send(.put, "/api/v1/specs/note", as: .author, headers: [.ifMatch: etag], body: "# Note\n\nChanged.\n", contentType: contentType)
            expectError(response, .unsupportedMediaType)
            #expect(try await api.revisionCount("note") == 1)
        }
    }

    @Test("PUT of an unknown spec is 404")
    func putMissing() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            expectError(try await api.put("ghost", markdown: "# Ghost\n", ifMatch: "*"), .notFound)
        }
    }

    @Test("bodies over the configured limit are 413 (PUT, POST /specs, POST /check), and nothing is saved")
    func bodyLimit() async throws {
        var options = ServerFixture.Options()
        options.bodyLimit = 1_024
        let fixture = try await ServerFixture.make(options)
        try await fixture.seed("note", markdown: Samples.note("Note"))
        let big = Samples.note("Note", body: String(repeating: "Lorem ipsum dolor sit amet. ", count: 100))
        try await fixture.run { api in
            let (_, etag) = try await api.markdown("note")
            expectError(try await api.put("note", markdown: big, ifMatch: etag), .contentTooLarge, "1024")
            expectError(try await api.create(["markdown": big, "slug": "big"]), .contentTooLarge)
            expectError(try await api.send(.post, "/api/v1/check", as: .reader, body: big, contentType: "text/markdown"), .contentTooLarge)
            #expect(try await api.revisionCount("note") == 1)
            #expect(try await fixture.database.spec(slug: "big") == nil)

            // Just under the limit is fine.
            let small = Samples.note("Note", body: String(repeating: "a", count: 900))
            #expect(try await api.put("note", markdown: small, ifMatch: etag).status == .ok)
        }
    }

    /// Regression: a Markdown body is validated as UTF-8 on its raw bytes, before anything repairs it.
    @Test("PUT of bytes that are not UTF-8 is 400 (the controller's check)")
    func putInvalidUTF8() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        try await fixture.run { api in
            let (_, etag) = try await api.markdown("note")
            var body = ByteBuffer(string: "# Note\n\nBroken: ")
            body.writeBytes([0xFF, 0xFE, 0xC3])
            body.writeString("\n")
            let response = try await api.client.execute(
                uri: "/api/v1/specs/note", method: .put,
                headers: [.authorization: "Bearer \(fixture.tokens[.author]!)", .contentType: "text/markdown", .ifMatch: etag], body: body)
            let revisions = try await api.revisionCount("note")
            expectError(response, .badRequest, "UTF-8")
            #expect(revisions == 1)
        }
    }

    // MARK: Archive

    @Test("DELETE (admin) archives: 200 with archived true; then 404, history kept in the store")
    func archive() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("keep", markdown: Samples.note("Keep"))
        try await fixture.seed("old", markdown: Samples.note("Old"))
        try await fixture.run { api in
            let response = try await api.send(.delete, "/api/v1/specs/old", as: .admin)
            #expect(response.status == .ok, "\(response.text)")
            let summary = try response.decode(Bodies.SpecListEntry.self)
            #expect(summary.slug == "old" && summary.archived)

            #expect(try await api.get("/api/v1/specs").decode(Bodies.SpecList.self).specs.map(\.slug) == ["keep"])
            #expect(try await api.get("/api/v1/specs?q=old").decode(Bodies.SpecList.self).specs.isEmpty)
            // The history stays in the database; the API treats an archived spec as gone.
            #expect(try await api.get("/api/v1/specs/old").status == .notFound)
            #expect(try await api.get("/api/v1/specs/old/revisions").status == .notFound)
            #expect(try await fixture.database.revisions(slug: "old").count == 1)
        }
    }

    /// The store's `addRevision` clears `archived`, so the API must refuse saves of archived specs
    /// (it answers 404 for them): otherwise an author's PUT would undo an admin-only archive.
    @Test("saving an archived spec does not silently un-archive it (archiving is admin-only)")
    func archivedStaysArchived() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("old", markdown: Samples.note("Old"))
        try await fixture.run { api in
            #expect(try await api.send(.delete, "/api/v1/specs/old", as: .admin).status == .ok)
            _ = try await api.put("old", markdown: Samples.note("Old", body: "Still here?"), ifMatch: "*", as: .author)
            let archived = try await fixture.database.spec(slug: "old")?.archived
            let listed = try await api.get("/api/v1/specs").decode(Bodies.SpecList.self).specs.map(\.slug)
            #expect(archived == true)
            #expect(listed.isEmpty)
        }
    }

    @Test("DELETE by anyone below admin is 403 and archives nothing; an unknown spec is 404", arguments: [UserRole.reader, .author, .reviewer, .approver])
    func archiveForbidden(_ role: UserRole) async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("keep", markdown: Samples.note("Keep"))
        try await fixture.run { api in
            expectError(try await api.send(.delete, "/api/v1/specs/keep", as: role), .forbidden, "admin")
            #expect(try await fixture.database.spec(slug: "keep")?.archived == false)
            expectError(try await api.send(.delete, "/api/v1/specs/ghost", as: .admin), .notFound)
        }
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import SpecwrightCore
import SpecwrightServer
import SpecwrightStore
import Testing

/// `/api/v1/specs/{slug}/transitions` and `/signoffs`: the CLI's lifecycle on stored text.
@Suite("Specs: transitions and sign-offs")
struct LifecycleEndpointTests {
    static let slug = "payment-retries"

    /// The payment-retries example (IN_REVIEW) stored as `payment-retries`.
    static func inReview() async throws -> ServerFixture {
        let fixture = try await ServerFixture.make()
        try await fixture.seed(slug, markdown: Samples.paymentRetries)
        return fixture
    }

    // MARK: Transitions

    @Test("a transition refused by its gates is 409 with details listing each unmet gate; nothing is saved")
    func refused() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            #expect(try await api.create(["title": "Webhook Signing"]).status == .created)
            let slug = "webhook-signing"
            let before = try await api.markdown(slug)
            let response = try await api.transition(slug, to: "IN_REVIEW", as: .author)
            let error = expectError(response, .conflict, "unmet gate")
            let details = try #require(error?.details)
            #expect(!details.isEmpty)
            #expect(error?.error.contains("\(details.count) unmet gate") == true)
            #expect(details.allSatisfy { $0.hasSuffix("]") && $0.contains("[review.") })
            #expect(details.contains { $0.contains("[review.no-placeholders]") && $0.hasPrefix("line ") })
            // A fresh spec has no errors and no Reviewers field: every unmet gate is one of the
            // template's own placeholders left in a required section, 112 of them, in text order.
            #expect(error?.error == "cannot move to IN_REVIEW: 112 unmet gates")
            #expect(details.count == 112)
            #expect(details.first == "line 31: unfilled placeholder [Brief description of what this technical implementation will achieve] in required section 'Purpose' [review.no-placeholders]")
            #expect(details.last == "line 329: unfilled placeholder [Version support period] in required section 'Rollback Risks' [review.no-placeholders]")
            // Exactly the core's review gates for the stored text, as "line N: message [gate]".
            let unmet = GateEvaluator(checker: ServerFixture.checker).unmetGates(for: Spec(bytes: Array(before.text.utf8), path: slug), target: .review)
            #expect(details == unmet.map { gate in (gate.range.map { "line \($0.start.line): " } ?? "") + gate.message + " [\(gate.gate)]" })
            // Each names a placeholder that is on the line it gives.
            let lines = before.text.components(separatedBy: "\n")
            for detail in details {
                let parts = try #require(detail.wholeMatch(of: #/line (\d+): unfilled placeholder (.+) in required section '(.+)' \[review\.no-placeholders\]/#), "\(detail)")
                let line = try #require(Int(parts.1))
                #expect(lines[line - 1].contains(parts.2), "\(detail)")
            }
            #expect(try await api.markdown(slug) == before)
            #expect(try await api.revisionCount(slug) == 1)
        }
    }

    @Test("approval gates: unticked review checklist and no sign-off are both listed")
    func approvalRefused() async throws {
        let fixture = try await Self.inReview()
        try await fixture.run { api in
            let error = expectError(try await api.transition(Self.slug, to: "APPROVED", as: .approver), .conflict)
            let details = error?.details ?? []
            #expect(details.contains { $0.contains("[approved.review-checklists]") && $0.contains("Security review completed") })
            #expect(details.contains { $0.contains("[approved.signoffs]") })
            // The four unticked Pre-Implementation items (the ticked ones are not listed), then the
            // missing sign-off (the spec has no sign-off table, so no line).
            #expect(details == [
                "line 638: tick 'Technical spec reviewed and approved' (Pre-Implementation) [approved.review-checklists]",
                "line 640: tick 'Security review completed' (Pre-Implementation) [approved.review-checklists]",
                "line 641: tick 'Performance requirements validated' (Pre-Implementation) [approved.review-checklists]",
                "line 644: tick 'Code standards verified using context7 MCP server - When unsure about current coding standards, conventions, or project-specific patterns, consult the context7 MCP server for accurate, up-to-date information' (Pre-Implementation) [approved.review-checklists]",
                "no valid sign-off: the spec needs at least one sign-off matching its current text [approved.signoffs]",
            ])
            #expect(error?.error == "cannot move to APPROVED: 5 unmet gates")
            #expect(try await api.revisionCount(Self.slug) == 1)
        }
    }

    @Test("a successful move back to DRAFT (author, with a reason): 200, new revision, status and change log updated")
    func backToDraft() async throws {
        let fixture = try await Self.inReview()
        try await fixture.run { api in
            let response = try await api.transition(Self.slug, to: "draft", reason: "Security asked for a threat model", as: .author)
            #expect(response.status == .ok, "\(response.text)")
            let detail = try response.decode(Bodies.SpecDetail.self)
            #expect(detail.spec.status == "DRAFT" && detail.spec.revision == 2)
            let (text, _) = try await api.markdown(Self.slug)
            #expect(text.contains("**Document Status**: DRAFT"))
            #expect(text.contains("Security asked for a threat model"))
            #expect(text.contains(ServerFixture.userNames[.author]!))
            let revisions = try await fixture.database.revisions(slug: Self.slug)
            #expect(revisions.last?.message.contains("IN_REVIEW → DRAFT") == true)
            #expect(revisions.last?.author == ServerFixture.userNames[.author])
            #expect(try await api.get("/api/v1/specs?status=DRAFT").decode(Bodies.SpecList.self).specs.map(\.slug) == [Self.slug])
        }
    }

    @Test("transition errors: back to draft without a reason, an unknown status, a move not allowed (409), a bad body (400); unknown spec (404)")
    func transitionErrors() async throws {
        let fixture = try await Self.inReview()
        try await fixture.run { api in
            // Impossible moves conflict with the spec's state (409); a malformed body is 400.
            expectError(try await api.transition(Self.slug, to: "DRAFT", as: .author), .conflict, "reason")
            expectError(try await api.transition(Self.slug, to: "SHIPPED", as: .author), .conflict, "SHIPPED")
            expectError(try await api.transition(Self.slug, to: "IMPLEMENTED", as: .author), .conflict, "cannot move")
            expectError(try await api.transition(Self.slug, to: "", as: .author), .badRequest)
            expectError(try await api.sendJSON(.post, "/api/v1/specs/\(Self.slug)/transitions", as: .author, ["reason": "no target"]), .badRequest, "to")
            expectError(try await api.transition("ghost", to: "DRAFT", reason: "x", as: .author), .notFound)
            expectError(try await api.send(.post, "/api/v1/specs/\(Self.slug)/transitions", as: .author, body: "to=DRAFT", contentType: "application/x-www-form-urlencoded"), .unsupportedMediaType)
            #expect(try await api.revisionCount(Self.slug) == 1)
        }
    }

    @Test("the whole approval through the API: tick (PUT), sign (reviewer), author refused (403), approver approves (200)")
    func approve() async throws {
        let fixture = try await Self.inReview()
        try await fixture.run { api in
            // Tick the review checklist.
            let (text, etag) = try await api.markdown(Self.slug)
            let ticked = Samples.tickingReviewChecklist(text)
            #expect(ticked != text)
            #expect(try await api.put(Self.slug, markdown: ticked, ifMatch: etag).status == .ok)

            // Still no sign-off.
            let unsigned = expectError(try await api.transition(Self.slug, to: "APPROVED", as: .approver), .conflict)
            #expect(unsigned?.details?.allSatisfy { $0.contains("[approved.signoffs]") } == true)
            #expect(unsigned?.details == ["no valid sign-off: the spec needs at least one sign-off matching its current text [approved.signoffs]"])

            // Sign.
            let signed = try await api.signOff(Self.slug, role: ServerFixture.reviewerSignOffRole, as: .reviewer)
            #expect(signed.status == .created, "\(signed.text)")

            // An author may not approve, whatever the gates say; nothing is saved.
            let revisions = try await api.revisionCount(Self.slug)
            expectError(try await api.transition(Self.slug, to: "APPROVED", as: .author), .forbidden, "approver")
            expectError(try await api.transition(Self.slug, to: "approved", as: .reviewer), .forbidden, "approver")
            #expect(try await api.revisionCount(Self.slug) == revisions)

            let approved = try await api.transition(Self.slug, to: "APPROVED", as: .approver)
            #expect(approved.status == .ok, "\(approved.text)")
            let detail = try approved.decode(Bodies.SpecDetail.self)
            #expect(detail.spec.status == "APPROVED" && detail.spec.revision == revisions + 1)
            #expect(try await api.markdown(Self.slug).text.contains("**Document Status**: APPROVED"))
        }
    }

    @Test("editing the normative text after signing makes the sign-off stale (409 at approval)")
    func staleSignOff() async throws {
        let fixture = try await Self.inReview()
        try await fixture.run { api in
            let (text, etag) = try await api.markdown(Self.slug)
            #expect(try await api.put(Self.slug, markdown: Samples.tickingReviewChecklist(text), ifMatch: etag).status == .ok)
            #expect(try await api.signOff(Self.slug, role: ServerFixture.reviewerSignOffRole, as: .reviewer).status == .created)
            let (signed, signedTag) = try await api.markdown(Self.slug)
            let edited = signed.replacingOccurrences(of: "### Purpose\n", with: "### Purpose\n\nA late change of scope.\n")
            #expect(edited != signed)
            #expect(try await api.put(Self.slug, markdown: edited, ifMatch: signedTag).status == .ok)
            let error = expectError(try await api.transition(Self.slug, to: "APPROVED", as: .approver), .conflict)
            #expect(error?.details?.contains { $0.contains("[approved.signoffs]") } == true)
            // The only sign-off no longer matches: the gate points at the sign-off table's line.
            let tableLine = try #require(edited.components(separatedBy: "\n").firstIndex(of: "| Role | Name | Date | Signature |")) + 1
            #expect(tableLine == 671)
            #expect(error?.details == ["line \(tableLine): no valid sign-off: the sign-off by \(ServerFixture.reviewerSignOffRole) is stale (the spec changed after signing) [approved.signoffs]"])
        }
    }

    // MARK: Sign-offs

    @Test("a sign-off is 201: recorded in the store and as a row in the spec's text, bound to its content")
    func signOff() async throws {
        let fixture = try await Self.inReview()
        try await fixture.run { api in
            let (_, before) = try await api.markdown(Self.slug)
            let response = try await api.signOff(Self.slug, role: ServerFixture.reviewerSignOffRole, as: .reviewer)
            #expect(response.status == .created, "\(response.text)")
            let body = try response.decode(Bodies.SignOff.self)
            #expect(body.spec == Self.slug && body.role == ServerFixture.reviewerSignOffRole && body.user == ServerFixture.userNames[.reviewer])
            #expect(body.revision == 2 && body.signature.hasPrefix("sha256:"))

            let (text, etag) = try await api.markdown(Self.slug)
            #expect(response.headers[.eTag] == etag && etag != before)
            #expect(text.contains("## Sign-off"))
            let row = text.components(separatedBy: "\n").first { $0.hasPrefix("| \(ServerFixture.reviewerSignOffRole) |") }
            #expect(row?.contains(ServerFixture.userNames[.reviewer]!) == true)
            #expect(row?.contains(body.signature) == true)

            let stored = try await fixture.database.signOffs(slug: Self.slug)
            #expect(stored.map(\.role) == [ServerFixture.reviewerSignOffRole] && stored.first?.user == ServerFixture.userNames[.reviewer])
            #expect(stored.first?.contentHash == body.signature && stored.first?.revision == 2)
        }
    }

    @Test("a reviewer signing a role that needs an approver is 403 and nothing changes; an approver may sign it")
    func signOffRoleTooLow() async throws {
        let fixture = try await Self.inReview()
        try await fixture.run { api in
            expectError(try await api.signOff(Self.slug, role: "Engineering Manager", as: .reviewer), .forbidden, "approver")
            #expect(try await api.revisionCount(Self.slug) == 1)
            #expect(try await fixture.database.signOffs(slug: Self.slug).isEmpty)

            let approver = try await api.signOff(Self.slug, role: "Engineering Manager", as: .approver)
            #expect(approver.status == .created)
            // UserRole names match case-insensitively against the configuration.
            #expect(try await api.signOff(Self.slug, role: ServerFixture.reviewerSignOffRole.lowercased(), as: .reviewer).status == .created)
            #expect(try await fixture.database.signOffs(slug: Self.slug).count == 2)
        }
    }

    /// Regression: the sign-off role is trimmed before its required user role is looked up, so padding cannot
    /// lower what signing needs.
    @Test("padding the role name with spaces does not lower the role a sign-off needs")
    func signOffRolePadding() async throws {
        var options = ServerFixture.Options()
        options.signOffRoles = ["Security": .admin]
        let fixture = try await ServerFixture.make(options)
        try await fixture.seed(Self.slug, markdown: Samples.paymentRetries)
        try await fixture.run { api in
            expectError(try await api.signOff(Self.slug, role: "Security", as: .approver), .forbidden, "admin")
            expectError(try await api.signOff(Self.slug, role: "SECURITY", as: .approver), .forbidden, "admin")
            let padded = try await api.signOff(Self.slug, role: " Security ", as: .approver)
            let text = try await api.markdown(Self.slug).text
            expectError(padded, .forbidden, "admin")
            #expect(!text.contains("| Security |"))
            #expect(try await api.signOff(Self.slug, role: "Security", as: .admin).status == .created)
        }
    }

    @Test("sign-off errors: blank, over-long or control-character role and bad JSON (400), unknown spec (404), wrong Content-Type (415)")
    func signOffErrors() async throws {
        let fixture = try await Self.inReview()
        try await fixture.run { api in
            expectError(try await api.signOff(Self.slug, role: "  ", as: .approver), .badRequest)
            expectError(try await api.signOff(Self.slug, role: String(repeating: "r", count: 101), as: .approver), .badRequest)
            for role in ["\u{1}", "QA\u{7F}", "Q\nA"] {
                let error = expectError(try await api.signOff(Self.slug, role: role, as: .approver), .badRequest)
                #expect(error?.error == "'role' must name a sign-off role")
            }
            expectError(try await api.send(.post, "/api/v1/specs/\(Self.slug)/signoffs", as: .approver, body: "{\"role\": 1}", contentType: "application/json"), .badRequest)
            expectError(try await api.signOff("ghost", role: "QA", as: .approver), .notFound)
            expectError(try await api.send(.post, "/api/v1/specs/\(Self.slug)/signoffs", as: .approver, body: "role=QA", contentType: "text/plain"), .unsupportedMediaType)
            #expect(try await api.revisionCount(Self.slug) == 1)
        }
    }
}

import Foundation
import Hummingbird
import SpecwrightCore
import SpecwrightStore

/// The spec page (the document, outline, findings, lifecycle and sign-offs) and its actions:
/// move to a status, sign as a role, tick a checklist item. Every action goes through the
/// service's spec operations and saves a new revision that refuses a concurrent edit.
struct SpecPages {
    let app: WebApp

    var routes: [Route] {
        [
            Route(.get, "specs/:slug", "specPage", role: .reader, page),
            Route(.post, "specs/:slug/status", "moveSpec", role: .author, move),
            Route(.post, "specs/:slug/signoffs", "signSpec", role: .reviewer, sign),
            Route(.post, "specs/:slug/tick", "tickItem", role: .author, tick),
        ]
    }

    struct Fact: Encodable {
        var key: String
        var value: String
    }

    struct MoveView: Encodable {
        var target: String
        var ready: Bool
        var needsReason: Bool
        var allowed: Bool
        var gates: [SpecTextView.Move.Gate]
        var blocked: Bool
        var gateCount: Int
        var oneGate: Bool
        var fewGates: Bool
    }

    struct SignOffView: Encodable {
        var role: String
        var name: String
        var date: String
        var state: String
        var stateLabel: String
        var changed: [String]
        var hash: String?
        var canSign: Bool
    }

    struct ItemView: Encodable {
        var text: String
        var checked: Bool
        var line: Int
        var section: String
        var canTick: Bool
    }

    /// The page's body: the same for every user of one role at one revision.
    struct Body: Encodable {
        var csrfSlot = PageRenderer.csrfSlot
        var slug: String
        var title: String
        var status: String
        var statusClass: String
        var version: String
        var template: String
        var author: String
        var updated: String
        var revision: Int
        var etag: String
        var percent: Int
        var errors: Int
        var warnings: Int
        var facts: [Fact]
        var html: String
        var sections: [SpecTextView.Section]
        var headerFindings: [SpecTextView.FindingView]
        var hasFindings: Bool
        var moves: [MoveView]
        var signOffs: [SignOffView]
        var hasSignOffs: Bool
        var canSignAny: Bool
        var checklist: [ItemView]
        var canEdit: Bool
        var canMove: Bool
        var normativeHash: String
    }

    struct Page: Encodable {
        var frame: PageFrame
        var refusal: Refusal?
        var body: String
        var discussion: String
    }

    struct Refusal: Encodable {
        var target: String
        var gates: [String]
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render(request, context, slug: try app.slug(context), refusal: nil, status: .ok)
    }

    func render(_ request: Request, _ context: AppRequestContext, slug: String, refusal: Refusal?, status: HTTPResponse.Status) async throws -> Response {
        let user = try context.requireUser()
        let current = try await app.service.current(slug)
        let record = current.record
        let threads = try await app.review.threads(slug: slug)
        // Open concerns block approval: the body's moves show them, so they are part of its key.
        let concerns = threads.filter { $0.kind == .concern && $0.state == "open" }
        let key = "\(record.contentHash)|\(record.currentRevision)|\(user.role.rawValue)|" + concerns.map { String($0.id) }.joined(separator: ",")
        let body: PageRenderer.SlottedHTML
        if let cached = app.pageBodies.cached(key) {
            body = cached
        } else {
            body = PageRenderer.SlottedHTML(app.renderer.html("spec_body", try await self.body(current, role: user.role, concerns: concerns)))
            app.pageBodies.set(key, body)
        }
        let csrf = context.session?.csrfToken ?? ""
        // The review panel depends on the revision, the threads' state and who looks (what they may
        // do): rendered once for each, with the session's token filled in per request.
        let state = threads.map { thread in
            let edited = thread.comments.compactMap(\.edited).map(\.timeIntervalSince1970).max() ?? 0
            return "\(thread.id).\(thread.state).\(thread.suggestion?.state.rawValue ?? "-").\(thread.comments.count).\(thread.comments.last?.id ?? 0).\(edited)"
        }.joined(separator: ",")
        // Which of the viewer's comments can still be edited changes with time, not with the threads.
        let editable = threads.flatMap(\.comments).filter { $0.author == user.name && Date().timeIntervalSince($0.created) < ReviewService.editWindow }.map { String($0.id) }
        let panelKey = "\(record.contentHash)|\(user.name)|\(user.role.rawValue)|\(state)|\(editable.joined(separator: ","))"
        let panel: PageRenderer.SlottedHTML
        if let cached = app.discussionPanels.cached(panelKey) {
            panel = cached
        } else {
            let view = DiscussionView(slug: slug, current: current, threads: threads, user: user, csrf: PageRenderer.csrfSlot,
                                      concernResolverRole: app.configuration.concernResolverRole, sections: app.sectionOptions(current), html: app.commentHTML)
            panel = PageRenderer.SlottedHTML(app.renderer.html("discussion", view))
            app.discussionPanels.set(panelKey, panel)
        }
        let page = Page(frame: app.frame(record.title, context, request: request, section: "specs"), refusal: refusal,
                        body: body.filled(with: csrf), discussion: panel.filled(with: csrf))
        return app.renderer.render("spec", page, status: status)
    }

    /// The body for a user of `role`: what the role may do decides which controls it has.
    private func body(_ current: CurrentRevision, role: UserRole, concerns: [ThreadBody]) async throws -> Body {
        let text = try await app.textView(current)
        let record = current.record
        let slug = record.slug
        let canMove = role >= .author
        return Body(
            slug: slug, title: record.title, status: record.status ?? "—", statusClass: WebApp.statusClass(record.status ?? ""),
            version: record.version ?? "—", template: record.template ?? "none", author: record.author,
            updated: WebApp.displayDate(record.updatedAt), revision: record.currentRevision, etag: record.contentHash,
            percent: Int((text.completeness * 100).rounded()), errors: text.errors, warnings: text.warnings,
            facts: text.facts.map { Fact(key: $0.key, value: $0.value) },
            html: text.html, sections: text.sections, headerFindings: text.headerFindings,
            hasFindings: text.errors + text.warnings > 0 || text.sections.contains { !$0.findings.isEmpty } || !text.headerFindings.isEmpty,
            moves: text.moves.map { move in
                let approving = move.stage == StatusMachine.Stage.approved.rawValue
                var move = move
                if approving {
                    move.gates += concerns.map { concern in
                        .init(message: OpenConcern(concern).message, gate: "approved.no-open-concerns", line: concern.anchor.line)
                    }
                }
                let allowed = canMove && (!approving || role >= .approver)
                return MoveView(target: move.target, ready: move.ready, needsReason: move.needsReason, allowed: allowed, gates: move.gates, blocked: !move.ready,
                                gateCount: move.gates.count, oneGate: move.gates.count == 1, fewGates: move.gates.count <= 5)
            },
            signOffs: text.signOffs.map { row in
                let state = row.valid ? "valid" : row.signedHash == nil ? "missing" : "stale"
                return SignOffView(
                    role: row.role, name: row.name, date: row.date, state: state,
                    stateLabel: row.valid ? "Valid" : row.signedHash == nil ? "Not signed" : "Stale",
                    changed: row.changed, hash: row.signedHash, canSign: !row.valid && app.mayGive(row.role, as: role))
            },
            hasSignOffs: !text.signOffs.isEmpty, canSignAny: role >= .reviewer,
            checklist: text.checklist.map { ItemView(text: $0.text, checked: $0.checked, line: $0.line, section: $0.section ?? "", canTick: canMove) },
            canEdit: canMove, canMove: canMove, normativeHash: text.contentHash)
    }

    /// The current revision, refusing a form made from another one (someone saved in between).
    private func current(_ slug: String, form: FormFields) async throws -> CurrentRevision {
        let current = try await app.service.current(slug)
        if let base = form["base"], !base.isEmpty, base != current.record.contentHash {
            throw APIError(.preconditionFailed, "the spec changed since you opened it (now revision \(current.record.currentRevision)); reload it and try again")
        }
        return current
    }

    @Sendable func move(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let slug = try app.slug(context)
        let form = try await WebApp.form(request, context)
        let target = try form.require("target", label: "the target status")
        let reason = form["reason"].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        _ = try await current(slug, form: form)
        do {
            _ = try await app.service.transition(slug: slug, to: target, reason: reason, user: user)
        } catch let error as APIError where error.status == .conflict {
            if WebApp.wantsJSON(request) { throw error }
            // The refusal is the page itself, with the unmet gates listed where the move is.
            return try await render(request, context, slug: slug, refusal: Refusal(target: target, gates: [error.message] + (error.details ?? [])), status: .conflict)
        }
        return WebApp.wantsJSON(request) ? try await state(slug) : WebApp.redirect("/specs/\(slug)?done=moved")
    }

    @Sendable func sign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let slug = try app.slug(context)
        let form = try await WebApp.form(request, context)
        let role = try form.require("role")
        _ = try await current(slug, form: form)
        _ = try await app.service.signOff(slug: slug, role: role, user: user)
        return WebApp.wantsJSON(request) ? try await state(slug) : WebApp.redirect("/specs/\(slug)?done=signed#signoffs")
    }

    @Sendable func tick(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let slug = try app.slug(context)
        let form = try await WebApp.form(request, context)
        let item = try form.require("item", label: "the checklist item")
        let checked = form["checked"] == "true"
        let current = try await current(slug, form: form)
        _ = try await app.service.perform(.tick(item: item, checked: checked), on: current, by: user)
        return WebApp.wantsJSON(request) ? try await state(slug) : WebApp.redirect("/specs/\(slug)?done=ticked#checklist")
    }

    /// What the page's script updates after an action: the new base hash, revision, completeness.
    struct State: Encodable {
        var etag: String
        var revision: Int
        var completeness: Int
        var version: String?
        var status: String?
    }

    private func state(_ slug: String) async throws -> Response {
        let current = try await app.service.current(slug)
        let text = try await app.textView(current)
        let body = State(etag: current.record.contentHash, revision: current.record.currentRevision, completeness: Int((text.completeness * 100).rounded()),
                         version: current.record.version, status: current.record.status)
        return Response.json(ByteBuffer(bytes: try JSONFormat.encoder.encode(body)))
    }
}

import Foundation
import Hummingbird
import SpecwrightCore
import SpecwrightStore

/// The review's form actions on the spec page (open a thread, reply, resolve, apply or dismiss a
/// suggestion, request review) and the inbox page. Each calls the same ``ReviewService`` as the API.
struct ReviewPages {
    let app: WebApp

    var routes: [Route] {
        [
            Route(.post, "specs/:slug/threads", "openThreadForm", role: .author, open),
            Route(.post, "specs/:slug/threads/:id/comments", "replyForm", role: .author, reply),
            Route(.post, "specs/:slug/comments/:id/edit", "editCommentForm", role: .author, editComment),
            Route(.post, "specs/:slug/threads/:id/resolve", "resolveForm", role: .author, resolve),
            Route(.post, "specs/:slug/threads/:id/reopen", "reopenForm", role: .author, reopen),
            Route(.post, "specs/:slug/threads/:id/suggestion/apply", "applySuggestionForm", role: .author, apply),
            Route(.post, "specs/:slug/threads/:id/suggestion/dismiss", "dismissSuggestionForm", role: .author, dismiss),
            Route(.post, "specs/:slug/review-requests", "requestReviewForm", role: .author, requestReview),
            Route(.get, "inbox", "inboxPage", role: .reader, inbox),
            Route(.post, "inbox/:id/done", "inboxDoneForm", role: .reader, done),
        ]
    }

    var review: ReviewService { app.review }

    private func threadID(_ context: AppRequestContext) throws -> Int64 {
        guard let id = Int64(try context.parameters.require("id")), id > 0 else { throw APIError(.notFound, "no such thread") }
        return id
    }

    @Sendable func open(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let slug = try app.slug(context)
        let form = try await WebApp.form(request, context)
        guard let kind = ThreadKind(rawValue: form["kind"] ?? "comment") else { throw APIError(.badRequest, "kind must be comment, question or concern") }
        var path: [String] = []
        if let section = form["section"], !section.isEmpty {
            guard let decoded = try? JSONDecoder().decode([String].self, from: Data(section.utf8)) else { throw APIError(.badRequest, "choose a section from the list") }
            path = decoded
        }
        // Empty fields of the form mean "none".
        let new = ReviewService.NewThread(kind: kind, sectionPath: path, quote: form["quote"].flatMap { $0.isEmpty ? nil : $0 }, body: form["body"] ?? "",
                                          suggestion: form["suggestion"])
        let thread = try await review.openThread(slug: slug, new, by: user)
        return WebApp.redirect("/specs/\(slug)?done=thread#thread-\(thread.id)")
    }

    @Sendable func reply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let slug = try app.slug(context)
        let id = try threadID(context)
        let form = try await WebApp.form(request, context)
        _ = try await review.reply(slug: slug, threadID: id, body: form["body"] ?? "", by: user)
        return WebApp.redirect("/specs/\(slug)?done=reply#thread-\(id)")
    }

    @Sendable func editComment(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let slug = try app.slug(context)
        let id = try threadID(context)
        let form = try await WebApp.form(request, context)
        let comment = try await review.editComment(slug: slug, commentID: id, body: form["body"] ?? "", by: user)
        return WebApp.redirect("/specs/\(slug)?done=edited#comment-\(comment.id)")
    }

    @Sendable func resolve(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await setResolved(request, context, resolved: true)
    }

    @Sendable func reopen(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await setResolved(request, context, resolved: false)
    }

    private func setResolved(_ request: Request, _ context: AppRequestContext, resolved: Bool) async throws -> Response {
        let user = try context.requireUser()
        let slug = try app.slug(context)
        let id = try threadID(context)
        _ = try await WebApp.form(request, context)
        _ = try await review.setResolved(slug: slug, threadID: id, resolved: resolved, by: user)
        return WebApp.redirect("/specs/\(slug)?done=\(resolved ? "resolved" : "reopened")#thread-\(id)")
    }

    @Sendable func apply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let slug = try app.slug(context)
        let id = try threadID(context)
        let form = try await WebApp.form(request, context)
        do {
            _ = try await review.applySuggestion(slug: slug, threadID: id, expectedHash: form["base"].flatMap { $0.isEmpty ? nil : $0 }, by: user)
        } catch StoreError.preconditionFailed {
            throw APIError(.preconditionFailed, "the spec changed since you opened it; reload it and look at the suggestion again")
        }
        return WebApp.redirect("/specs/\(slug)?done=applied#thread-\(id)")
    }

    @Sendable func dismiss(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let slug = try app.slug(context)
        let id = try threadID(context)
        _ = try await WebApp.form(request, context)
        _ = try await review.dismissSuggestion(slug: slug, threadID: id, by: user)
        return WebApp.redirect("/specs/\(slug)?done=dismissed#thread-\(id)")
    }

    @Sendable func requestReview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let slug = try app.slug(context)
        let form = try await WebApp.form(request, context)
        let names = (form["users"] ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map { String($0.hasPrefix("@") ? $0.dropFirst() : $0) }
        let role = try form["role"].flatMap { text -> UserRole? in
            if text.isEmpty { return nil }
            guard let role = UserRole(rawValue: text) else { throw APIError(.badRequest, "unknown role '\(text)'") }
            return role
        }
        _ = try await review.requestReview(slug: slug, users: names, role: role, note: form["note"], by: user)
        return WebApp.redirect("/specs/\(slug)?done=requested#discussion")
    }

    struct InboxItemView: Encodable {
        var id: Int64
        var reason: String
        var reasonLabel: String
        var link: String
        var slug: String
        var actor: String
        var summary: String
        var created: String
        var createdISO: String
        var done: Bool
    }

    struct InboxView: Encodable {
        var frame: PageFrame
        var items: [InboxItemView]
        var hasItems: Bool
        var showingAll: Bool
        var csrf: String
    }

    static let reasonLabels: [InboxReason: String] = [
        .reviewRequested: "Review requested", .mention: "Mention", .reply: "Reply", .concern: "Concern", .signOffStale: "Sign-off stale",
    ]

    @Sendable func inbox(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let all = WebApp.query(request)["all"] == "1"
        let items = try await app.store.inbox(user: user.name, includeDone: all, limit: 200)
        let views = items.map { item in
            InboxItemView(
                id: item.id ?? 0, reason: item.reason.rawValue, reasonLabel: Self.reasonLabels[item.reason] ?? item.reason.rawValue,
                link: "/specs/\(item.slug)" + (item.threadID.map { "#thread-\($0)" } ?? (item.reason == .signOffStale ? "#signoffs" : "")),
                slug: item.slug, actor: item.actor, summary: item.summary, created: WebApp.displayDate(item.createdAt), createdISO: WebApp.isoDate(item.createdAt),
                done: item.doneAt != nil)
        }
        let view = InboxView(frame: app.frame("Inbox", context, request: request, section: "inbox"), items: views, hasItems: !views.isEmpty, showingAll: all,
                             csrf: context.session?.csrfToken ?? "")
        return app.renderer.render("inbox", view)
    }

    @Sendable func done(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try threadID(context)
        _ = try await WebApp.form(request, context)
        guard try await app.store.setInboxItemDone(id: id, user: user.name, done: true) else { throw APIError(.notFound, "your inbox has no item \(id)") }
        return WebApp.redirect("/inbox?done=cleared")
    }
}

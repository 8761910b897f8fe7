import Foundation
import Hummingbird
import SpecwrightCore
import SpecwrightStore

/// `/api/v1/specs/{slug}/threads…`, review requests, `/api/v1/inbox` and `/api/v1/me`: the review
/// around a spec, and who is reviewing.
struct ReviewController {
    let review: ReviewService

    var routes: [Route] {
        [
            Route(.get, "specs/:slug/threads", "listThreads", role: .reader, list),
            Route(.post, "specs/:slug/threads", "createThread", role: .author, create),
            Route(.get, "specs/:slug/threads/:id", "getThread", role: .reader, show),
            Route(.post, "specs/:slug/threads/:id/comments", "replyToThread", role: .author, reply),
            Route(.patch, "specs/:slug/comments/:id", "editComment", role: .author, edit),
            Route(.post, "specs/:slug/threads/:id/resolve", "resolveThread", role: .author, resolve),
            Route(.post, "specs/:slug/threads/:id/reopen", "reopenThread", role: .author, reopen),
            Route(.post, "specs/:slug/threads/:id/suggestion/apply", "applySuggestion", role: .author, apply),
            Route(.post, "specs/:slug/threads/:id/suggestion/dismiss", "dismissSuggestion", role: .author, dismiss),
            Route(.post, "specs/:slug/review-requests", "requestReview", role: .author, requestReview),
            Route(.get, "me", "getCurrentUser", role: .reader, me),
            Route(.get, "inbox", "getInbox", role: .reader, inbox),
            Route(.post, "inbox/:id/done", "markInboxItemDone", role: .reader, done),
        ]
    }

    /// The `:id` path parameter: a positive whole number.
    static func id(_ context: AppRequestContext) throws -> Int64 {
        guard let id = Int64(try context.parameters.require("id")), id > 0, id <= 9_007_199_254_740_991 else {
            throw APIError(.badRequest, "the id must be a whole number from 1 to 9007199254740991")
        }
        return id
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let state = request.uri.queryParameters["state"].map(String.init) ?? "all"
        guard ["open", "resolved", "all"].contains(state) else { throw APIError(.badRequest, "state must be open, resolved or all") }
        let threads = try await review.threads(slug: try SpecsController.slug(context), state: state == "all" ? nil : state)
        return try context.json(ThreadList(threads: threads), for: request)
    }

    struct CreateRequest: Decodable {
        var kind: ThreadKind?
        var section: [String]?
        var quote: String?
        var body: String
        var suggestion: String?
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await request.decode(as: CreateRequest.self, context: context)
        let slug = try SpecsController.slug(context)
        let new = ReviewService.NewThread(kind: body.kind ?? .comment, sectionPath: body.section ?? [], quote: body.quote, body: body.body, suggestion: body.suggestion)
        let thread = try await review.openThread(slug: slug, new, by: user)
        var response = try context.json(thread, for: request, status: .created)
        response.headers[.location] = "/api/v1/specs/\(slug)/threads/\(thread.id)"
        return response
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.json(try await review.thread(slug: try SpecsController.slug(context), id: try Self.id(context)), for: request)
    }

    struct CommentRequest: Decodable {
        var body: String
    }

    @Sendable func reply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await request.decode(as: CommentRequest.self, context: context)
        let comment = try await review.reply(slug: try SpecsController.slug(context), threadID: try Self.id(context), body: body.body, by: user)
        return try context.json(comment, for: request, status: .created)
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await request.decode(as: CommentRequest.self, context: context)
        return try context.json(try await review.editComment(slug: try SpecsController.slug(context), commentID: try Self.id(context), body: body.body, by: user), for: request)
    }

    @Sendable func resolve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        return try context.json(try await review.setResolved(slug: try SpecsController.slug(context), threadID: try Self.id(context), resolved: true, by: user), for: request)
    }

    @Sendable func reopen(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        return try context.json(try await review.setResolved(slug: try SpecsController.slug(context), threadID: try Self.id(context), resolved: false, by: user), for: request)
    }

    @Sendable func apply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let expected = request.headers[.ifMatch].flatMap { $0 == "*" ? nil : $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")).replacingOccurrences(of: "W/", with: "") }
        let saved = try await review.applySuggestion(slug: try SpecsController.slug(context), threadID: try Self.id(context), expectedHash: expected, by: user)
        var response = Response.json(try await review.service.detailJSON(saved))
        response.headers[.eTag] = "\"\(saved.record.contentHash)\""
        return response
    }

    @Sendable func dismiss(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        return try context.json(try await review.dismissSuggestion(slug: try SpecsController.slug(context), threadID: try Self.id(context), by: user), for: request)
    }

    struct ReviewRequest: Decodable {
        var users: [String]?
        var role: UserRole?
        var note: String?
    }

    struct ReviewRequestAnswer: Encodable {
        var spec: String
        var reviewers: [String]
    }

    @Sendable func requestReview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await request.decode(as: ReviewRequest.self, context: context)
        let slug = try SpecsController.slug(context)
        let reviewers = try await review.requestReview(slug: slug, users: body.users ?? [], role: body.role, note: body.note, by: user)
        return try context.json(ReviewRequestAnswer(spec: slug, reviewers: reviewers), for: request, status: .created)
    }

    struct Me: Encodable {
        var name: String
        var role: UserRole
    }

    /// Who the token or session belongs to (an agent learns whose name its edits carry).
    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        return try context.json(Me(name: user.name, role: user.role), for: request)
    }

    @Sendable func inbox(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let all = request.uri.queryParameters["all"].map(String.init)
        guard all == nil || all == "true" || all == "false" else { throw APIError(.badRequest, "all must be true or false") }
        let items = try await review.store.inbox(user: user.name, includeDone: all == "true", limit: 200)
        return try context.json(InboxBody(items: items.map(InboxItemBody.init)), for: request)
    }

    @Sendable func done(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try Self.id(context)
        guard try await review.store.setInboxItemDone(id: id, user: user.name, done: true) else { throw APIError(.notFound, "your inbox has no item \(id)") }
        return Response(status: .noContent)
    }
}

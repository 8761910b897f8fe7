import Foundation
import SpecwrightCore
import SpecwrightStore

/// A thread as the API shows it: where it points in the current revision, and its comments.
struct ThreadBody: Encodable, Sendable {
    struct Anchor: Encodable, Sendable {
        /// The section's path in the current revision (nil: not found).
        var section: [String]?
        var line: Int?
        var column: Int?
        /// The quoted passage is no longer in the text.
        var outdated: Bool
        /// The section moved or was renamed since the thread was opened.
        var moved: Bool
    }

    struct Suggestion: Encodable, Sendable {
        var text: String
        var state: SuggestionState
    }

    var id: Int64
    var spec: String
    var kind: ThreadKind
    var state: String
    var author: String
    var section: [String]
    var quote: String?
    var revision: Int
    var created: Date
    var resolvedBy: String?
    var resolved: Date?
    var suggestion: Suggestion?
    var anchor: Anchor
    var comments: [CommentBody]

    enum CodingKeys: String, CodingKey {
        case id, spec, kind, state, author, section, quote, revision, created, resolvedBy = "resolved_by", resolved, suggestion, anchor, comments
    }

    /// The thread, with its place in the current revision (`spec` and where its anchor is in it).
    init(_ thread: ThreadRecord, comments: [CommentRecord], in spec: Spec?, at location: ThreadAnchor.Location? = nil) {
        id = thread.id ?? 0
        self.spec = thread.slug
        kind = thread.kind
        state = thread.isOpen ? "open" : "resolved"
        author = thread.author
        section = thread.sectionPath
        quote = thread.quote
        revision = thread.revision
        created = thread.createdAt
        resolvedBy = thread.resolvedBy
        resolved = thread.resolvedAt
        suggestion = thread.suggestion.map { Suggestion(text: $0, state: thread.suggestionState ?? .pending) }
        self.comments = comments.map(CommentBody.init)
        if let spec {
            let location = location ?? ThreadAnchor(sectionPath: thread.sectionPath, quote: thread.quote).locate(in: spec)
            let offset = location.quoteRange?.lowerBound ?? location.section.map { spec.outline.sections[$0].heading.range.lowerBound }
            let position = offset.map { spec.document.location($0) }
            anchor = Anchor(section: location.sectionPath, line: position?.line, column: position?.column, outdated: location.isOutdated, moved: location.sectionMoved)
        } else {
            anchor = Anchor(section: nil, line: nil, column: nil, outdated: false, moved: false)
        }
    }
}

extension OpenConcern {
    /// A concern thread as the approval gate sees it: summed up by the first line of its opening comment.
    init(_ id: Int64, author: String, sectionPath: [String], opening: String?) {
        self.init(id: id, author: author, sectionPath: sectionPath, summary: ReviewService.firstLine(opening ?? ""))
    }

    init(_ thread: ThreadBody) {
        self.init(thread.id, author: thread.author, sectionPath: thread.section, opening: thread.comments.first?.body)
    }
}

struct CommentBody: Encodable, Sendable {
    var id: Int64
    var thread: Int64
    var author: String
    var body: String
    var created: Date
    var edited: Date?

    init(_ comment: CommentRecord) {
        (id, thread, author, body) = (comment.id ?? 0, comment.threadID, comment.author, comment.body)
        (created, edited) = (comment.createdAt, comment.editedAt)
    }
}

struct ThreadList: Encodable {
    var threads: [ThreadBody]
}

struct InboxItemBody: Encodable {
    var id: Int64
    var reason: InboxReason
    var spec: String
    var thread: Int64?
    var actor: String
    var summary: String
    var created: Date
    var done: Date?

    init(_ item: InboxItemRecord) {
        (id, reason, spec, thread) = (item.id ?? 0, item.reason, item.slug, item.threadID)
        (actor, summary, created, done) = (item.actor, item.summary, item.createdAt, item.doneAt)
    }
}

struct InboxBody: Encodable {
    var items: [InboxItemBody]
}

struct WebhookBody: Encodable {
    var id: Int64
    var url: String
    var events: [String]
    var active: Bool
    var createdBy: String
    var created: Date
    /// Only in the answer to the request that made it.
    var secret: String?

    enum CodingKeys: String, CodingKey { case id, url, events, active, createdBy = "created_by", created, secret }

    init(_ webhook: WebhookRecord, showingSecret: Bool = false) {
        (id, url, events, active) = (webhook.id ?? 0, webhook.url, webhook.events, webhook.active)
        (createdBy, created) = (webhook.createdBy, webhook.createdAt)
        secret = showingSecret ? webhook.secret : nil
    }
}

struct WebhookList: Encodable {
    var webhooks: [WebhookBody]
}

struct DeliveryBody: Encodable {
    var id: Int64
    var webhook: Int64
    var event: String
    var state: DeliveryState
    var attempts: Int
    var nextAttempt: Date?
    var lastStatus: Int?
    var lastError: String?
    var created: Date
    var finished: Date?

    enum CodingKeys: String, CodingKey {
        case id, webhook, event, state, attempts, nextAttempt = "next_attempt", lastStatus = "last_status", lastError = "last_error", created, finished
    }

    init(_ delivery: DeliveryRecord) {
        (id, webhook, event, state, attempts) = (delivery.id ?? 0, delivery.webhookID, delivery.event, delivery.state, delivery.attempts)
        nextAttempt = delivery.state == .pending ? delivery.nextAttemptAt : nil
        (lastStatus, lastError, created, finished) = (delivery.lastStatus, delivery.lastError, delivery.createdAt, delivery.finishedAt)
    }
}

struct DeliveryList: Encodable {
    var deliveries: [DeliveryBody]
}

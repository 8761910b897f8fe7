import Foundation

/// What a review thread is: a remark, a question, or a concern (which blocks approval while open).
public enum ThreadKind: String, Sendable, Codable, CaseIterable {
    case comment, question, concern
}

/// Where a suggested edit stands.
public enum SuggestionState: String, Sendable, Codable {
    case pending, applied, dismissed
}

/// A discussion on a spec, anchored to a section (its heading path) and optionally to a quoted
/// passage of the revision it was written against.
public struct ThreadRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var slug: String
    public var kind: ThreadKind
    public var author: String
    /// Heading titles from the top-level section down (empty: the spec as a whole).
    public var sectionPath: [String]
    /// The passage commented on, as it read in `revision`.
    public var quote: String?
    /// The revision the thread was written against.
    public var revision: Int
    /// A replacement for `quote` proposed by the thread's author, and what became of it.
    public var suggestion: String?
    public var suggestionState: SuggestionState?
    public var createdAt: Date
    /// Set while resolved.
    public var resolvedBy: String?
    public var resolvedAt: Date?

    public init(id: Int64? = nil, slug: String, kind: ThreadKind, author: String, sectionPath: [String], quote: String?, revision: Int,
                suggestion: String? = nil, suggestionState: SuggestionState? = nil, createdAt: Date = Date(), resolvedBy: String? = nil, resolvedAt: Date? = nil) {
        self.id = id
        self.slug = slug
        self.kind = kind
        self.author = author
        self.sectionPath = sectionPath
        self.quote = quote
        self.revision = revision
        self.suggestion = suggestion
        self.suggestionState = suggestionState ?? (suggestion == nil ? nil : .pending)
        self.createdAt = createdAt
        self.resolvedBy = resolvedBy
        self.resolvedAt = resolvedAt
    }

    public var isOpen: Bool { resolvedAt == nil }
}

/// One message in a thread (the first is the thread's opening).
public struct CommentRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var threadID: Int64
    public var author: String
    /// Markdown.
    public var body: String
    public var createdAt: Date
    public var editedAt: Date?

    public init(id: Int64? = nil, threadID: Int64, author: String, body: String, createdAt: Date = Date(), editedAt: Date? = nil) {
        self.id = id
        self.threadID = threadID
        self.author = author
        self.body = body
        self.createdAt = createdAt
        self.editedAt = editedAt
    }
}

/// Why something is in a user's inbox.
public enum InboxReason: String, Sendable, Codable, CaseIterable {
    /// Someone asked the user (by name or by role) to review a spec.
    case reviewRequested = "review-requested"
    case mention
    /// A reply in a thread the user started or took part in.
    case reply
    /// A concern raised on a spec the user wrote.
    case concern
    /// A later revision made the user's sign-off stale.
    case signOffStale = "signoff-stale"
}

/// Something for one user to look at; marked done when dealt with.
public struct InboxItemRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var user: String
    public var reason: InboxReason
    public var slug: String
    public var threadID: Int64?
    /// Who caused it.
    public var actor: String
    /// One line saying what happened.
    public var summary: String
    public var createdAt: Date
    public var doneAt: Date?

    public init(id: Int64? = nil, user: String, reason: InboxReason, slug: String, threadID: Int64?, actor: String, summary: String,
                createdAt: Date = Date(), doneAt: Date? = nil) {
        self.id = id
        self.user = user
        self.reason = reason
        self.slug = slug
        self.threadID = threadID
        self.actor = actor
        self.summary = summary
        self.createdAt = createdAt
        self.doneAt = doneAt
    }
}

/// A URL the server posts events to, signed with its secret.
public struct WebhookRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var url: String
    /// The HMAC key deliveries are signed with (kept, since every delivery needs it).
    public var secret: String
    /// The event names delivered (`spec.created`, …).
    public var events: [String]
    public var active: Bool
    public var createdBy: String
    public var createdAt: Date

    public init(id: Int64? = nil, url: String, secret: String, events: [String], active: Bool = true, createdBy: String, createdAt: Date = Date()) {
        self.id = id
        self.url = url
        self.secret = secret
        self.events = events
        self.active = active
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// Where a delivery stands.
public enum DeliveryState: String, Sendable, Codable {
    /// Waiting for its first or next attempt.
    case pending
    case delivered
    /// Given up after its last attempt.
    case failed
}

/// One event for one webhook, queued in the database and attempted until delivered or given up.
public struct DeliveryRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var webhookID: Int64
    public var event: String
    /// The JSON body sent.
    public var payload: Data
    public var state: DeliveryState
    public var attempts: Int
    public var nextAttemptAt: Date
    /// The receiver's last HTTP status, or why no status came (timeout, refused connection).
    public var lastStatus: Int?
    public var lastError: String?
    public var createdAt: Date
    public var finishedAt: Date?

    public init(id: Int64? = nil, webhookID: Int64, event: String, payload: Data, state: DeliveryState = .pending, attempts: Int = 0,
                nextAttemptAt: Date, lastStatus: Int? = nil, lastError: String? = nil, createdAt: Date, finishedAt: Date? = nil) {
        self.id = id
        self.webhookID = webhookID
        self.event = event
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }
}

/// The result of one delivery attempt, as ``ReviewStore/recordAttempt(deliveryID:_:)`` stores it.
public struct DeliveryAttempt: Sendable, Equatable {
    public var status: Int?
    public var error: String?
    /// Delivered (a 2xx answer).
    public var delivered: Bool
    /// When to try again; nil with `delivered` false: give up.
    public var retryAt: Date?
    public var time: Date

    public init(status: Int?, error: String?, delivered: Bool, retryAt: Date?, time: Date = Date()) {
        self.status = status
        self.error = error
        self.delivered = delivered
        self.retryAt = retryAt
        self.time = time
    }
}

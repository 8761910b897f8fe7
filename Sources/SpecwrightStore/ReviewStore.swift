import Foundation

/// The review around specs: threads and their comments, inbox items, and the webhook queue.
/// Part of every ``SpecStore``; the contract suite covers it on each backend.
public protocol ReviewStore: Sendable {
    /// Opens a thread on a live spec with its first comment; ``StoreError/notFound(_:)`` for an unknown spec.
    func createThread(_ thread: ThreadRecord, body: String) async throws -> (ThreadRecord, CommentRecord)
    /// A spec's threads, oldest first.
    func threads(slug: String) async throws -> [ThreadRecord]
    func thread(id: Int64) async throws -> ThreadRecord?
    /// The comments of every thread of a spec, oldest first (what a spec page shows at once).
    func comments(slug: String) async throws -> [CommentRecord]
    func comments(threadID: Int64) async throws -> [CommentRecord]
    func comment(id: Int64) async throws -> CommentRecord?
    /// Adds a reply; ``StoreError/notFound(_:)`` for an unknown thread.
    func addComment(threadID: Int64, author: String, body: String) async throws -> CommentRecord
    /// Replaces a comment's text and records when.
    func editComment(id: Int64, body: String) async throws -> CommentRecord
    /// Resolves a thread as `user`, or reopens it (nil).
    func setThreadResolved(id: Int64, by user: String?) async throws -> ThreadRecord
    /// Moves a suggestion from `expected` to `state`; ``StoreError/conflict(_:)`` when it is no
    /// longer `expected` (someone applied or dismissed it first).
    func setSuggestionState(threadID: Int64, from expected: SuggestionState, to state: SuggestionState) async throws -> ThreadRecord

    func addInboxItems(_ items: [InboxItemRecord]) async throws
    /// A user's inbox, newest first: open items, and done ones too when `includeDone`.
    func inbox(user: String, includeDone: Bool, limit: Int) async throws -> [InboxItemRecord]
    /// Marks a user's item done (or not); false when the user has no such item.
    func setInboxItemDone(id: Int64, user: String, done: Bool) async throws -> Bool

    func createWebhook(_ webhook: WebhookRecord) async throws -> WebhookRecord
    func webhooks() async throws -> [WebhookRecord]
    /// Removes a webhook and its deliveries; false when there was none.
    func deleteWebhook(id: Int64) async throws -> Bool
    /// Claims deliveries due by `now`, each the oldest pending one of its webhook (so a webhook's
    /// events arrive in order), until `leaseUntil`: another instance claiming meanwhile skips them.
    func claimDueDeliveries(now: Date, leaseUntil: Date, limit: Int) async throws -> [(DeliveryRecord, WebhookRecord)]
    func recordAttempt(deliveryID: Int64, _ attempt: DeliveryAttempt) async throws
    /// Deliveries newest first, of one webhook or all.
    func deliveries(webhookID: Int64?, limit: Int) async throws -> [DeliveryRecord]
}

import Foundation
import GRDB
import SpecwrightStore

// Review threads, comments and inbox items.
extension SQLiteSpecStore {
    public func createThread(_ thread: ThreadRecord, body: String) async throws -> (ThreadRecord, CommentRecord) {
        try await writer.write { db in
            guard try SpecRecord.filter(Columns.slug == thread.slug && Columns.archived == false).fetchCount(db) > 0 else {
                throw StoreError.notFound("no spec '\(thread.slug)'")
            }
            var thread = thread
            thread.createdAt = Self.now()
            try thread.insert(db)
            var comment = CommentRecord(threadID: thread.id!, author: thread.author, body: body, createdAt: thread.createdAt)
            try comment.insert(db)
            return (thread, comment)
        }
    }

    public func threads(slug: String) async throws -> [ThreadRecord] {
        try await writer.read { db in try ThreadRecord.filter(Columns.slug == slug).order(Columns.id).fetchAll(db) }
    }

    public func thread(id: Int64) async throws -> ThreadRecord? {
        try await writer.read { db in try ThreadRecord.fetchOne(db, key: id) }
    }

    public func comments(slug: String) async throws -> [CommentRecord] {
        try await writer.read { db in
            try CommentRecord.fetchAll(db, sql: "SELECT comment.* FROM comment JOIN thread ON thread.id = comment.threadID WHERE thread.slug = ? ORDER BY comment.id", arguments: [slug])
        }
    }

    public func comments(threadID: Int64) async throws -> [CommentRecord] {
        try await writer.read { db in try CommentRecord.filter(Column("threadID") == threadID).order(Columns.id).fetchAll(db) }
    }

    public func comment(id: Int64) async throws -> CommentRecord? {
        try await writer.read { db in try CommentRecord.fetchOne(db, key: id) }
    }

    public func addComment(threadID: Int64, author: String, body: String) async throws -> CommentRecord {
        try await writer.write { db in
            guard try ThreadRecord.fetchOne(db, key: threadID) != nil else { throw StoreError.notFound("no thread \(threadID)") }
            var comment = CommentRecord(threadID: threadID, author: author, body: body, createdAt: Self.now())
            try comment.insert(db)
            return comment
        }
    }

    public func editComment(id: Int64, body: String) async throws -> CommentRecord {
        try await writer.write { db in
            guard var comment = try CommentRecord.fetchOne(db, key: id) else { throw StoreError.notFound("no comment \(id)") }
            comment.body = body
            comment.editedAt = Self.now()
            try comment.update(db)
            return comment
        }
    }

    public func setThreadResolved(id: Int64, by user: String?) async throws -> ThreadRecord {
        try await writer.write { db in
            guard var thread = try ThreadRecord.fetchOne(db, key: id) else { throw StoreError.notFound("no thread \(id)") }
            thread.resolvedBy = user
            thread.resolvedAt = user == nil ? nil : Self.now()
            try thread.update(db)
            return thread
        }
    }

    public func setSuggestionState(threadID: Int64, from expected: SuggestionState, to state: SuggestionState) async throws -> ThreadRecord {
        try await writer.write { db in
            guard var thread = try ThreadRecord.fetchOne(db, key: threadID) else { throw StoreError.notFound("no thread \(threadID)") }
            guard thread.suggestionState == expected else {
                throw StoreError.conflict("the suggestion of thread \(threadID) is \(thread.suggestionState?.rawValue ?? "absent"), not \(expected.rawValue)")
            }
            thread.suggestionState = state
            try thread.update(db)
            return thread
        }
    }

    public func addInboxItems(_ items: [InboxItemRecord]) async throws {
        guard !items.isEmpty else { return }
        try await writer.write { db in
            let now = Self.now()
            for var item in items {
                item.createdAt = now
                try item.insert(db)
            }
        }
    }

    public func inbox(user: String, includeDone: Bool, limit: Int) async throws -> [InboxItemRecord] {
        try await writer.read { db in
            var request = InboxItemRecord.filter(Column("user") == user)
            if !includeDone { request = request.filter(Column("doneAt") == nil) }
            return try request.order(Columns.id.desc).limit(limit).fetchAll(db)
        }
    }

    public func setInboxItemDone(id: Int64, user: String, done: Bool) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE inboxItem SET doneAt = ? WHERE id = ? AND user = ?", arguments: [done ? Self.now() : nil, id, user])
            return db.changesCount > 0
        }
    }
}

// Webhooks and their delivery queue.
extension SQLiteSpecStore {
    public func createWebhook(_ webhook: WebhookRecord) async throws -> WebhookRecord {
        try await writer.write { db in
            var webhook = webhook
            webhook.createdAt = Self.now()
            try webhook.insert(db)
            return webhook
        }
    }

    public func webhooks() async throws -> [WebhookRecord] {
        try await writer.read { db in try WebhookRecord.order(Columns.id).fetchAll(db) }
    }

    public func deleteWebhook(id: Int64) async throws -> Bool {
        try await writer.write { db in try WebhookRecord.deleteOne(db, key: id) }
    }

    public func claimDueDeliveries(now: Date, leaseUntil: Date, limit: Int) async throws -> [(DeliveryRecord, WebhookRecord)] {
        try await writer.write { db in
            let deliveries = try DeliveryRecord.fetchAll(db, sql: """
                SELECT d.* FROM delivery d WHERE d.state = 'pending' AND d.nextAttemptAt <= ? AND (d.leaseUntil IS NULL OR d.leaseUntil < ?)
                  AND NOT EXISTS (SELECT 1 FROM delivery e WHERE e.webhookID = d.webhookID AND e.state = 'pending' AND e.id < d.id)
                ORDER BY d.id LIMIT ?
                """, arguments: [now, now, limit])
            var claimed: [(DeliveryRecord, WebhookRecord)] = []
            for delivery in deliveries {
                try db.execute(sql: "UPDATE delivery SET leaseUntil = ? WHERE id = ?", arguments: [leaseUntil, delivery.id])
                if let hook = try WebhookRecord.fetchOne(db, key: delivery.webhookID) { claimed.append((delivery, hook)) }
            }
            return claimed
        }
    }

    public func recordAttempt(deliveryID: Int64, _ attempt: DeliveryAttempt) async throws {
        try await writer.write { db in
            let state: DeliveryState = attempt.delivered ? .delivered : (attempt.retryAt == nil ? .failed : .pending)
            try db.execute(sql: """
                UPDATE delivery SET attempts = attempts + 1, state = ?, lastStatus = ?, lastError = ?, leaseUntil = NULL,
                  nextAttemptAt = COALESCE(?, nextAttemptAt), finishedAt = ? WHERE id = ?
                """, arguments: [state.rawValue, attempt.status, attempt.error, attempt.retryAt, state == .pending ? nil : attempt.time, deliveryID])
        }
    }

    public func deliveries(webhookID: Int64?, limit: Int) async throws -> [DeliveryRecord] {
        try await writer.read { db in
            var request = DeliveryRecord.all()
            if let webhookID { request = request.filter(Column("webhookID") == webhookID) }
            return try request.order(Columns.id.desc).limit(limit).fetchAll(db)
        }
    }
}

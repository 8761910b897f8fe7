import Foundation
import PostgresNIO
import SpecwrightStore

// Review threads, comments and inbox items.
extension PostgresSpecStore {
    static let threadColumns = "id, slug, kind, author, section_path, quote, revision, suggestion, suggestion_state, created_at, resolved_by, resolved_at"
    static let commentColumns = "id, thread_id, author, body, created_at, edited_at"
    static let inboxColumns = "id, \"user\", reason, slug, thread_id, actor, summary, created_at, done_at"

    static func thread(_ row: PostgresRow) throws -> ThreadRecord {
        let r = row.makeRandomAccess()
        let kindName = try r["kind"].decode(String.self)
        guard let kind = ThreadKind(rawValue: kindName) else { throw StoreError.conflict("stored thread has an unknown kind '\(kindName)'") }
        return ThreadRecord(
            id: try r["id"].decode(Int64.self), slug: try r["slug"].decode(String.self), kind: kind, author: try r["author"].decode(String.self),
            sectionPath: try r["section_path"].decode([String].self), quote: try r["quote"].decode(String?.self),
            revision: Int(try r["revision"].decode(Int32.self)), suggestion: try r["suggestion"].decode(String?.self),
            suggestionState: try r["suggestion_state"].decode(String?.self).flatMap(SuggestionState.init(rawValue:)),
            createdAt: try r["created_at"].decode(Date.self), resolvedBy: try r["resolved_by"].decode(String?.self), resolvedAt: try r["resolved_at"].decode(Date?.self))
    }

    static func comment(_ row: PostgresRow) throws -> CommentRecord {
        let (id, thread, author, body, created, edited) = try row.decode((Int64, Int64, String, String, Date, Date?).self)
        return CommentRecord(id: id, threadID: thread, author: author, body: body, createdAt: created, editedAt: edited)
    }

    static func inboxItem(_ row: PostgresRow) throws -> InboxItemRecord {
        let (id, user, reason, slug, thread, actor, summary, created, done) = try row.decode((Int64, String, String, String, Int64?, String, String, Date, Date?).self)
        return InboxItemRecord(id: id, user: user, reason: InboxReason(rawValue: reason) ?? .mention, slug: slug, threadID: thread, actor: actor,
                               summary: summary, createdAt: created, doneAt: done)
    }

    public func createThread(_ thread: ThreadRecord, body: String) async throws -> (ThreadRecord, CommentRecord) {
        try await transaction { connection in
            let live = try await connection.query("SELECT 1 FROM spec WHERE slug = \(thread.slug) AND archived = FALSE", logger: self.logger).collect()
            guard !live.isEmpty else { throw StoreError.notFound("no spec '\(thread.slug)'") }
            let now = Self.now()
            let rows = try await connection.query("""
                INSERT INTO thread (slug, kind, author, section_path, quote, revision, suggestion, suggestion_state, created_at)
                VALUES (\(thread.slug), \(thread.kind.rawValue), \(thread.author), \(thread.sectionPath), \(thread.quote), \(Int32(thread.revision)),
                  \(thread.suggestion), \(thread.suggestionState?.rawValue), \(now)) RETURNING \(unescaped: Self.threadColumns)
                """, logger: self.logger).collect()
            let saved = try Self.thread(rows[0])
            let comments = try await connection.query("""
                INSERT INTO thread_comment (thread_id, author, body, created_at) VALUES (\(saved.id!), \(thread.author), \(body), \(now))
                RETURNING \(unescaped: Self.commentColumns)
                """, logger: self.logger).collect()
            return (saved, try Self.comment(comments[0]))
        }
    }

    public func threads(slug: String) async throws -> [ThreadRecord] {
        try await rows("SELECT \(unescaped: Self.threadColumns) FROM thread WHERE slug = \(slug) ORDER BY id").map(Self.thread)
    }

    public func thread(id: Int64) async throws -> ThreadRecord? {
        try await rows("SELECT \(unescaped: Self.threadColumns) FROM thread WHERE id = \(id)").first.map(Self.thread)
    }

    public func comments(slug: String) async throws -> [CommentRecord] {
        try await rows("""
            SELECT c.id, c.thread_id, c.author, c.body, c.created_at, c.edited_at FROM thread_comment c JOIN thread t ON t.id = c.thread_id
            WHERE t.slug = \(slug) ORDER BY c.id
            """).map(Self.comment)
    }

    public func comments(threadID: Int64) async throws -> [CommentRecord] {
        try await rows("SELECT \(unescaped: Self.commentColumns) FROM thread_comment WHERE thread_id = \(threadID) ORDER BY id").map(Self.comment)
    }

    public func comment(id: Int64) async throws -> CommentRecord? {
        try await rows("SELECT \(unescaped: Self.commentColumns) FROM thread_comment WHERE id = \(id)").first.map(Self.comment)
    }

    public func addComment(threadID: Int64, author: String, body: String) async throws -> CommentRecord {
        let rows = try await rows("""
            INSERT INTO thread_comment (thread_id, author, body, created_at) SELECT id, \(author), \(body), \(Self.now()) FROM thread WHERE id = \(threadID)
            RETURNING \(unescaped: Self.commentColumns)
            """)
        guard let row = rows.first else { throw StoreError.notFound("no thread \(threadID)") }
        return try Self.comment(row)
    }

    public func editComment(id: Int64, body: String) async throws -> CommentRecord {
        let rows = try await rows("UPDATE thread_comment SET body = \(body), edited_at = \(Self.now()) WHERE id = \(id) RETURNING \(unescaped: Self.commentColumns)")
        guard let row = rows.first else { throw StoreError.notFound("no comment \(id)") }
        return try Self.comment(row)
    }

    public func setThreadResolved(id: Int64, by user: String?) async throws -> ThreadRecord {
        let time: Date? = user == nil ? nil : Self.now()
        let rows = try await rows("UPDATE thread SET resolved_by = \(user), resolved_at = \(time) WHERE id = \(id) RETURNING \(unescaped: Self.threadColumns)")
        guard let row = rows.first else { throw StoreError.notFound("no thread \(id)") }
        return try Self.thread(row)
    }

    public func setSuggestionState(threadID: Int64, from expected: SuggestionState, to state: SuggestionState) async throws -> ThreadRecord {
        let rows = try await rows("""
            UPDATE thread SET suggestion_state = \(state.rawValue) WHERE id = \(threadID) AND suggestion_state = \(expected.rawValue)
            RETURNING \(unescaped: Self.threadColumns)
            """)
        if let row = rows.first { return try Self.thread(row) }
        guard let thread = try await thread(id: threadID) else { throw StoreError.notFound("no thread \(threadID)") }
        throw StoreError.conflict("the suggestion of thread \(threadID) is \(thread.suggestionState?.rawValue ?? "absent"), not \(expected.rawValue)")
    }

    public func addInboxItems(_ items: [InboxItemRecord]) async throws {
        guard !items.isEmpty else { return }
        try await transaction { connection in
            let now = Self.now()
            for item in items {
                try await connection.query("""
                    INSERT INTO inbox_item ("user", reason, slug, thread_id, actor, summary, created_at)
                    VALUES (\(item.user), \(item.reason.rawValue), \(item.slug), \(item.threadID), \(item.actor), \(item.summary), \(now))
                    """, logger: self.logger)
            }
        }
    }

    public func inbox(user: String, includeDone: Bool, limit: Int) async throws -> [InboxItemRecord] {
        try await rows("""
            SELECT \(unescaped: Self.inboxColumns) FROM inbox_item WHERE "user" = \(user) AND (\(includeDone) OR done_at IS NULL) ORDER BY id DESC LIMIT \(limit)
            """).map(Self.inboxItem)
    }

    public func setInboxItemDone(id: Int64, user: String, done: Bool) async throws -> Bool {
        let time: Date? = done ? Self.now() : nil
        return !(try await rows("UPDATE inbox_item SET done_at = \(time) WHERE id = \(id) AND \"user\" = \(user) RETURNING id").isEmpty)
    }
}

// Webhooks and their delivery queue. Claims take row locks with SKIP LOCKED, so instances
// sharing the queue never attempt one delivery at once.
extension PostgresSpecStore {
    static let webhookColumns = "id, url, secret, events, active, created_by, created_at"
    static let deliveryColumns = "id, webhook_id, event, payload, state, attempts, next_attempt_at, last_status, last_error, created_at, finished_at"

    static func webhook(_ row: PostgresRow) throws -> WebhookRecord {
        let (id, url, secret, events, active, creator, created) = try row.decode((Int64, String, String, [String], Bool, String, Date).self)
        return WebhookRecord(id: id, url: url, secret: secret, events: events, active: active, createdBy: creator, createdAt: created)
    }

    static func delivery(_ row: PostgresRow) throws -> DeliveryRecord {
        let r = row.makeRandomAccess()
        var payload = try r["payload"].decode(ByteBuffer.self)
        return DeliveryRecord(
            id: try r["id"].decode(Int64.self), webhookID: try r["webhook_id"].decode(Int64.self), event: try r["event"].decode(String.self),
            payload: Data(payload.readBytes(length: payload.readableBytes) ?? []), state: DeliveryState(rawValue: try r["state"].decode(String.self)) ?? .failed,
            attempts: Int(try r["attempts"].decode(Int32.self)), nextAttemptAt: try r["next_attempt_at"].decode(Date.self),
            lastStatus: try r["last_status"].decode(Int32?.self).map(Int.init), lastError: try r["last_error"].decode(String?.self),
            createdAt: try r["created_at"].decode(Date.self), finishedAt: try r["finished_at"].decode(Date?.self))
    }

    public func createWebhook(_ webhook: WebhookRecord) async throws -> WebhookRecord {
        let rows = try await rows("""
            INSERT INTO webhook (url, secret, events, active, created_by, created_at)
            VALUES (\(webhook.url), \(webhook.secret), \(webhook.events), \(webhook.active), \(webhook.createdBy), \(Self.now())) RETURNING \(unescaped: Self.webhookColumns)
            """)
        return try Self.webhook(rows[0])
    }

    public func webhooks() async throws -> [WebhookRecord] {
        try await rows("SELECT \(unescaped: Self.webhookColumns) FROM webhook ORDER BY id").map(Self.webhook)
    }

    public func deleteWebhook(id: Int64) async throws -> Bool {
        !(try await rows("DELETE FROM webhook WHERE id = \(id) RETURNING id").isEmpty)
    }

    public func claimDueDeliveries(now: Date, leaseUntil: Date, limit: Int) async throws -> [(DeliveryRecord, WebhookRecord)] {
        try await transaction { connection in
            let rows = try await connection.query("""
                UPDATE delivery SET lease_until = \(leaseUntil) WHERE id IN (
                  SELECT d.id FROM delivery d WHERE d.state = 'pending' AND d.next_attempt_at <= \(now) AND (d.lease_until IS NULL OR d.lease_until < \(now))
                    AND NOT EXISTS (SELECT 1 FROM delivery e WHERE e.webhook_id = d.webhook_id AND e.state = 'pending' AND e.id < d.id)
                  ORDER BY d.id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING \(unescaped: Self.deliveryColumns)
                """, logger: self.logger).collect()
            var claimed: [(DeliveryRecord, WebhookRecord)] = []
            for delivery in try rows.map(Self.delivery).sorted(by: { $0.id! < $1.id! }) {
                let hooks = try await connection.query("SELECT \(unescaped: Self.webhookColumns) FROM webhook WHERE id = \(delivery.webhookID)", logger: self.logger).collect()
                if let hook = hooks.first { claimed.append((delivery, try Self.webhook(hook))) }
            }
            return claimed
        }
    }

    public func recordAttempt(deliveryID: Int64, _ attempt: DeliveryAttempt) async throws {
        let state: DeliveryState = attempt.delivered ? .delivered : (attempt.retryAt == nil ? .failed : .pending)
        let finished: Date? = state == .pending ? nil : attempt.time
        _ = try await rows("""
            UPDATE delivery SET attempts = attempts + 1, state = \(state.rawValue), last_status = \(attempt.status.map(Int32.init)), last_error = \(attempt.error),
              lease_until = NULL, next_attempt_at = COALESCE(\(attempt.retryAt), next_attempt_at), finished_at = \(finished) WHERE id = \(deliveryID)
            """)
    }

    public func deliveries(webhookID: Int64?, limit: Int) async throws -> [DeliveryRecord] {
        try await rows("""
            SELECT \(unescaped: Self.deliveryColumns) FROM delivery WHERE (\(webhookID)::BIGINT IS NULL OR webhook_id = \(webhookID)) ORDER BY id DESC LIMIT \(limit)
            """).map(Self.delivery)
    }
}

import Foundation
import Logging
import PostgresNIO
import SpecwrightStore

// Moving a whole store in or out (`specwright admin migrate`): rows keep their ids, hashes and
// times; the id sequences continue after the highest id copied.
extension PostgresSpecStore: SpecStoreTransfer {
    static let tables = ["delivery", "webhook", "inbox_item", "thread_comment", "thread", "audit", "session", "token", "signoff", "revision", "spec", "account"]

    public func exportContents() async throws -> StoreContents {
        var contents = StoreContents()
        contents.specs = try await rows("SELECT \(unescaped: Self.specColumns) FROM spec ORDER BY id").map(Self.spec)
        contents.revisions = try await rows("SELECT * FROM revision ORDER BY id").map { try Self.revision($0) }
        contents.signOffs = try await rows("SELECT * FROM signoff ORDER BY id").map(Self.signOff)
        contents.users = try await rows("SELECT \(unescaped: Self.userColumns) FROM account ORDER BY id").map(Self.user)
        contents.tokens = try await rows("SELECT id, user_id, token_hash, prefix, created_at, revoked_at FROM token ORDER BY id").map { row in
            let (id, user, hash, prefix, created, revoked) = try row.decode((Int64, Int64, String, String, Date, Date?).self)
            return TokenRecord(id: id, userID: user, tokenHash: hash, prefix: prefix, createdAt: created, revokedAt: revoked)
        }
        contents.sessions = try await rows("SELECT id, id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, address FROM session ORDER BY id").map { row in
            let (id, hash, user, csrf, created, seen, expires, address) = try row.decode((Int64, String, Int64, String, Date, Date, Date, String?).self)
            return SessionRecord(id: id, idHash: hash, userID: user, csrfToken: csrf, createdAt: created, lastSeenAt: seen, expiresAt: expires, address: address)
        }
        contents.audit = try await auditLog(AuditQuery(limit: Int(Int32.max))).reversed()
        contents.threads = try await rows("SELECT \(unescaped: Self.threadColumns) FROM thread ORDER BY id").map(Self.thread)
        contents.comments = try await rows("SELECT \(unescaped: Self.commentColumns) FROM thread_comment ORDER BY id").map(Self.comment)
        contents.inboxItems = try await rows("SELECT \(unescaped: Self.inboxColumns) FROM inbox_item ORDER BY id").map(Self.inboxItem)
        contents.webhooks = try await rows("SELECT \(unescaped: Self.webhookColumns) FROM webhook ORDER BY id").map(Self.webhook)
        contents.deliveries = try await rows("SELECT \(unescaped: Self.deliveryColumns) FROM delivery ORDER BY id").map(Self.delivery)
        return contents
    }

    public func importContents(_ contents: StoreContents, mode: ImportMode) async throws {
        let client = self.client, logger = self.logger
        // A large copy takes longer than a request may wait: no deadline here.
        do {
            try await copy(contents, mode: mode, client: client, logger: logger)
        } catch let error as PostgresTransactionError {
            throw Self.mapped(error.closureError ?? error, conflict: "the target already holds a row with the same key (was it written to meanwhile?)")
        }
    }

    private func copy(_ contents: StoreContents, mode: ImportMode, client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            switch mode {
            case .intoEmpty:
                let rows = try await connection.query("SELECT (SELECT count(*) FROM spec) + (SELECT count(*) FROM account)", logger: logger).collect()
                if try rows[0].decode(Int64.self) > 0 { throw StoreError.conflict("the target database is not empty") }
            case .replacing:
                try await connection.query("TRUNCATE \(unescaped: Self.tables.joined(separator: ", ")) RESTART IDENTITY CASCADE", logger: logger)
            case .adding:
                break
            }
            for user in contents.users {
                try await connection.query("""
                    INSERT INTO account (id, name, role, created_at, password_hash, must_change_password, disabled)
                    VALUES (\(user.id!), \(user.name), \(user.role.rawValue), \(user.createdAt), \(user.passwordHash), \(user.mustChangePassword), \(user.disabled))
                    """, logger: logger)
            }
            for token in contents.tokens {
                try await connection.query("""
                    INSERT INTO token (id, user_id, token_hash, prefix, created_at, revoked_at)
                    VALUES (\(token.id!), \(token.userID), \(token.tokenHash), \(token.prefix), \(token.createdAt), \(token.revokedAt))
                    """, logger: logger)
            }
            for session in contents.sessions {
                try await connection.query("""
                    INSERT INTO session (id, id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, address)
                    VALUES (\(session.id!), \(session.idHash), \(session.userID), \(session.csrfToken), \(session.createdAt), \(session.lastSeenAt), \(session.expiresAt), \(session.address))
                    """, logger: logger)
            }
            for spec in contents.specs {
                let counts = spec.signOffCounts
                try await connection.query("""
                    INSERT INTO spec (id, slug, title, template, status, version, author, created_at, updated_at, current_revision, content_hash, archived,
                      completeness, error_count, warning_count, sign_offs_valid, sign_offs_stale, sign_offs_missing)
                    VALUES (\(spec.id!), \(spec.slug), \(spec.title), \(spec.template), \(spec.status), \(spec.version), \(spec.author), \(spec.createdAt), \(spec.updatedAt),
                      \(Int32(spec.currentRevision)), \(spec.contentHash), \(spec.archived), \(spec.completeness), \(spec.errorCount.map(Int32.init)),
                      \(spec.warningCount.map(Int32.init)), \(counts.map { Int32($0.valid) }), \(counts.map { Int32($0.stale) }), \(counts.map { Int32($0.missing) }))
                    """, logger: logger)
            }
            for revision in contents.revisions {
                try await connection.query("""
                    INSERT INTO revision (id, spec_id, number, markdown, content_hash, author, message, created_at, analysis, analysis_key)
                    VALUES (\(revision.id!), \(revision.specID), \(Int32(revision.number)), \(revision.markdown), \(revision.contentHash), \(revision.author),
                      \(revision.message), \(revision.createdAt), \(revision.analysis.map { ByteBuffer(bytes: $0) }), \(revision.analysisKey))
                    """, logger: logger)
            }
            for signOff in contents.signOffs {
                try await connection.query("""
                    INSERT INTO signoff (id, spec_id, revision, role, "user", content_hash, created_at)
                    VALUES (\(signOff.id!), \(signOff.specID), \(Int32(signOff.revision)), \(signOff.role), \(signOff.user), \(signOff.contentHash), \(signOff.createdAt))
                    """, logger: logger)
            }
            for entry in contents.audit {
                try await connection.query("""
                    INSERT INTO audit (id, time, "user", action, target, address, outcome)
                    VALUES (\(entry.id!), \(entry.time), \(entry.user), \(entry.action), \(entry.target), \(entry.address), \(entry.outcome))
                    """, logger: logger)
            }
            for thread in contents.threads {
                try await connection.query("""
                    INSERT INTO thread (id, slug, kind, author, section_path, quote, revision, suggestion, suggestion_state, created_at, resolved_by, resolved_at)
                    VALUES (\(thread.id!), \(thread.slug), \(thread.kind.rawValue), \(thread.author), \(thread.sectionPath), \(thread.quote), \(Int32(thread.revision)),
                      \(thread.suggestion), \(thread.suggestionState?.rawValue), \(thread.createdAt), \(thread.resolvedBy), \(thread.resolvedAt))
                    """, logger: logger)
            }
            for comment in contents.comments {
                try await connection.query("""
                    INSERT INTO thread_comment (id, thread_id, author, body, created_at, edited_at)
                    VALUES (\(comment.id!), \(comment.threadID), \(comment.author), \(comment.body), \(comment.createdAt), \(comment.editedAt))
                    """, logger: logger)
            }
            for item in contents.inboxItems {
                try await connection.query("""
                    INSERT INTO inbox_item (id, "user", reason, slug, thread_id, actor, summary, created_at, done_at)
                    VALUES (\(item.id!), \(item.user), \(item.reason.rawValue), \(item.slug), \(item.threadID), \(item.actor), \(item.summary), \(item.createdAt), \(item.doneAt))
                    """, logger: logger)
            }
            for hook in contents.webhooks {
                try await connection.query("""
                    INSERT INTO webhook (id, url, secret, events, active, created_by, created_at)
                    VALUES (\(hook.id!), \(hook.url), \(hook.secret), \(hook.events), \(hook.active), \(hook.createdBy), \(hook.createdAt))
                    """, logger: logger)
            }
            for delivery in contents.deliveries {
                try await connection.query("""
                    INSERT INTO delivery (id, webhook_id, event, payload, state, attempts, next_attempt_at, last_status, last_error, created_at, finished_at)
                    VALUES (\(delivery.id!), \(delivery.webhookID), \(delivery.event), \(ByteBuffer(bytes: delivery.payload)), \(delivery.state.rawValue),
                      \(Int32(delivery.attempts)), \(delivery.nextAttemptAt), \(delivery.lastStatus.map(Int32.init)), \(delivery.lastError), \(delivery.createdAt), \(delivery.finishedAt))
                    """, logger: logger)
            }
            for table in Self.tables {
                try await connection.query("""
                    SELECT setval(pg_get_serial_sequence(\(table), 'id'), COALESCE((SELECT max(id) FROM \(unescaped: table)), 0) + 1, false)
                    """, logger: logger)
            }
        }
    }
}

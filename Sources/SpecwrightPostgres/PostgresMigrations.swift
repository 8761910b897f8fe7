import Logging
import PostgresNIO

/// The store's schema on PostgreSQL: the same named migrations as on SQLite, in the same order,
/// each in its own transaction, recorded in `specwright_migrations`. They run under an advisory
/// lock, so instances starting at once migrate once: the others wait, then find nothing to do.
enum PostgresMigrations {
    /// A fixed key for `pg_advisory_lock` ("specwright" in ASCII, folded into 64 bits).
    static let lockKey: Int64 = 0x7370_6563_7772_6974

    static let all: [(name: String, statements: [PostgresQuery])] = [
        ("v1: specs, revisions, sign-offs, users, tokens, audit", [
            """
            CREATE TABLE spec (id BIGSERIAL PRIMARY KEY, slug TEXT NOT NULL UNIQUE, title TEXT NOT NULL, template TEXT, status TEXT, version TEXT,
              author TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL, current_revision INTEGER NOT NULL,
              content_hash TEXT NOT NULL, archived BOOLEAN NOT NULL DEFAULT FALSE)
            """,
            """
            CREATE TABLE revision (id BIGSERIAL PRIMARY KEY, spec_id BIGINT NOT NULL REFERENCES spec(id) ON DELETE CASCADE, number INTEGER NOT NULL,
              markdown TEXT NOT NULL, content_hash TEXT NOT NULL, author TEXT NOT NULL, message TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL,
              UNIQUE (spec_id, number))
            """,
            """
            CREATE TABLE signoff (id BIGSERIAL PRIMARY KEY, spec_id BIGINT NOT NULL REFERENCES spec(id) ON DELETE CASCADE, revision INTEGER NOT NULL,
              role TEXT NOT NULL, "user" TEXT NOT NULL, content_hash TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)
            """,
            """
            CREATE TABLE account (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)
            """,
            """
            CREATE TABLE token (id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE, token_hash TEXT NOT NULL UNIQUE,
              prefix TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, revoked_at TIMESTAMPTZ)
            """,
            """
            CREATE TABLE audit (id BIGSERIAL PRIMARY KEY, time TIMESTAMPTZ NOT NULL, "user" TEXT, action TEXT NOT NULL, target TEXT, address TEXT,
              outcome TEXT NOT NULL)
            """,
            "CREATE INDEX spec_status ON spec (status)",
            "CREATE INDEX spec_template ON spec (template)",
        ]),
        ("v2: a stored analysis per revision", [
            "ALTER TABLE revision ADD COLUMN analysis BYTEA, ADD COLUMN analysis_key TEXT",
        ]),
        ("v3: indexes on foreign keys", [
            "CREATE INDEX signoff_spec_id ON signoff (spec_id)",
            "CREATE INDEX token_user_id ON token (user_id)",
        ]),
        ("v4: passwords, sessions, list facts", [
            "ALTER TABLE account ADD COLUMN password_hash TEXT, ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE, ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE",
            """
            CREATE TABLE session (id BIGSERIAL PRIMARY KEY, id_hash TEXT NOT NULL UNIQUE, user_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
              csrf_token TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, last_seen_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL, address TEXT)
            """,
            "CREATE INDEX session_user_id ON session (user_id)",
            """
            ALTER TABLE spec ADD COLUMN completeness DOUBLE PRECISION, ADD COLUMN error_count INTEGER, ADD COLUMN warning_count INTEGER,
              ADD COLUMN sign_offs_valid INTEGER, ADD COLUMN sign_offs_stale INTEGER, ADD COLUMN sign_offs_missing INTEGER
            """,
            "CREATE INDEX spec_updated_at ON spec (updated_at)",
            "CREATE INDEX signoff_user ON signoff (\"user\")",
        ]),
        ("v5: review threads, inbox, webhooks", [
            """
            CREATE TABLE thread (id BIGSERIAL PRIMARY KEY, slug TEXT NOT NULL REFERENCES spec(slug) ON DELETE CASCADE, kind TEXT NOT NULL,
              author TEXT NOT NULL, section_path TEXT[] NOT NULL, quote TEXT, revision INTEGER NOT NULL, suggestion TEXT, suggestion_state TEXT,
              created_at TIMESTAMPTZ NOT NULL, resolved_by TEXT, resolved_at TIMESTAMPTZ)
            """,
            "CREATE INDEX thread_slug ON thread (slug)",
            """
            CREATE TABLE thread_comment (id BIGSERIAL PRIMARY KEY, thread_id BIGINT NOT NULL REFERENCES thread(id) ON DELETE CASCADE,
              author TEXT NOT NULL, body TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, edited_at TIMESTAMPTZ)
            """,
            "CREATE INDEX thread_comment_thread_id ON thread_comment (thread_id)",
            """
            CREATE TABLE inbox_item (id BIGSERIAL PRIMARY KEY, "user" TEXT NOT NULL, reason TEXT NOT NULL, slug TEXT NOT NULL, thread_id BIGINT,
              actor TEXT NOT NULL, summary TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, done_at TIMESTAMPTZ)
            """,
            "CREATE INDEX inbox_item_user ON inbox_item (\"user\", done_at)",
            """
            CREATE TABLE webhook (id BIGSERIAL PRIMARY KEY, url TEXT NOT NULL, secret TEXT NOT NULL, events TEXT[] NOT NULL, active BOOLEAN NOT NULL,
              created_by TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)
            """,
            """
            CREATE TABLE delivery (id BIGSERIAL PRIMARY KEY, webhook_id BIGINT NOT NULL REFERENCES webhook(id) ON DELETE CASCADE, event TEXT NOT NULL,
              payload BYTEA NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at TIMESTAMPTZ NOT NULL, lease_until TIMESTAMPTZ,
              last_status INTEGER, last_error TEXT, created_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ)
            """,
            "CREATE INDEX delivery_pending ON delivery (state, webhook_id, id)",
        ]),
        ("v6: idempotency keys for audit entries and events", [
            "ALTER TABLE audit ADD COLUMN idempotency_key TEXT",
            "CREATE UNIQUE INDEX audit_idempotency_key ON audit (idempotency_key)",
            "ALTER TABLE delivery ADD COLUMN event_key TEXT",
            "CREATE UNIQUE INDEX delivery_event_key ON delivery (webhook_id, event_key)",
        ]),
    ]

    /// Applies the migrations not yet applied, under the advisory lock.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
            do {
                try await connection.query("CREATE TABLE IF NOT EXISTS specwright_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", logger: logger)
                var applied = Set<String>()
                for try await name in try await connection.query("SELECT name FROM specwright_migrations", logger: logger).decode(String.self) {
                    applied.insert(name)
                }
                for migration in all where !applied.contains(migration.name) {
                    try await connection.withTransaction(logger: logger) { transaction in
                        for statement in migration.statements { try await transaction.query(statement, logger: logger) }
                        try await transaction.query("INSERT INTO specwright_migrations (name) VALUES (\(migration.name))", logger: logger)
                    }
                    logger.info("applied migration", metadata: ["name": "\(migration.name)"])
                }
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
        }
    }
}

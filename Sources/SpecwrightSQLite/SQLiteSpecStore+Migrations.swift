import Foundation
import GRDB
import SpecwrightCore
import SpecwrightStore

extension SQLiteSpecStore {
    /// Named migrations; new ones are appended, never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: specs, revisions, sign-offs, users, tokens, audit") { db in
            try db.create(table: "spec") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("slug", .text).notNull().unique()
                table.column("title", .text).notNull()
                table.column("template", .text)
                table.column("status", .text)
                table.column("version", .text)
                table.column("author", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("updatedAt", .datetime).notNull()
                table.column("currentRevision", .integer).notNull()
                table.column("contentHash", .text).notNull()
                table.column("archived", .boolean).notNull().defaults(to: false)
            }
            try db.create(table: "revision") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("specID", .integer).notNull().references("spec", onDelete: .cascade)
                table.column("number", .integer).notNull()
                table.column("markdown", .text).notNull()
                table.column("contentHash", .text).notNull()
                table.column("author", .text).notNull()
                table.column("message", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.uniqueKey(["specID", "number"])
            }
            try db.create(table: "signoff") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("specID", .integer).notNull().references("spec", onDelete: .cascade)
                table.column("revision", .integer).notNull()
                table.column("role", .text).notNull()
                table.column("user", .text).notNull()
                table.column("contentHash", .text).notNull()
                table.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "user") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name", .text).notNull().unique()
                table.column("role", .text).notNull()
                table.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "token") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("userID", .integer).notNull().references("user", onDelete: .cascade)
                table.column("tokenHash", .text).notNull().unique()
                table.column("prefix", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("revokedAt", .datetime)
            }
            try db.create(table: "audit") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("time", .datetime).notNull()
                table.column("user", .text)
                table.column("action", .text).notNull()
                table.column("target", .text)
                table.column("address", .text)
                table.column("outcome", .text).notNull()
            }
            try db.create(index: "spec_status", on: "spec", columns: ["status"])
            try db.create(index: "spec_template", on: "spec", columns: ["template"])
        }
        migrator.registerMigration("v2: a stored analysis per revision") { db in
            try db.alter(table: "revision") { table in
                table.add(column: "analysis", .blob)
                table.add(column: "analysisKey", .text)
            }
        }
        migrator.registerMigration("v3: indexes on foreign keys") { db in
            // revision(specID, number) is unique, so its index serves specID already.
            try db.create(index: "signoff_specID", on: "signoff", columns: ["specID"])
            try db.create(index: "token_userID", on: "token", columns: ["userID"])
        }
        migrator.registerMigration("v4: passwords, sessions, list facts") { db in
            try db.alter(table: "user") { table in
                table.add(column: "passwordHash", .text)
                table.add(column: "mustChangePassword", .boolean).notNull().defaults(to: false)
                table.add(column: "disabled", .boolean).notNull().defaults(to: false)
            }
            try db.create(table: "session") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("idHash", .text).notNull().unique()
                table.column("userID", .integer).notNull().references("user", onDelete: .cascade)
                table.column("csrfToken", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("lastSeenAt", .datetime).notNull()
                table.column("expiresAt", .datetime).notNull()
                table.column("address", .text)
            }
            try db.create(index: "session_userID", on: "session", columns: ["userID"])
            try db.alter(table: "spec") { table in
                table.add(column: "completeness", .double)
                table.add(column: "errorCount", .integer)
                table.add(column: "warningCount", .integer)
                table.add(column: "signOffsValid", .integer)
                table.add(column: "signOffsStale", .integer)
                table.add(column: "signOffsMissing", .integer)
            }
            try db.create(index: "spec_updatedAt", on: "spec", columns: ["updatedAt"])
            try db.create(index: "signoff_user", on: "signoff", columns: ["user"])
        }
        migrator.registerMigration("v5: review threads, inbox, webhooks") { db in
            try db.create(table: "thread") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("slug", .text).notNull().references("spec", column: "slug", onDelete: .cascade)
                table.column("kind", .text).notNull()
                table.column("author", .text).notNull()
                table.column("sectionPath", .text).notNull()
                table.column("quote", .text)
                table.column("revision", .integer).notNull()
                table.column("suggestion", .text)
                table.column("suggestionState", .text)
                table.column("createdAt", .datetime).notNull()
                table.column("resolvedBy", .text)
                table.column("resolvedAt", .datetime)
            }
            try db.create(index: "thread_slug", on: "thread", columns: ["slug"])
            try db.create(table: "comment") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("threadID", .integer).notNull().references("thread", onDelete: .cascade)
                table.column("author", .text).notNull()
                table.column("body", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("editedAt", .datetime)
            }
            try db.create(index: "comment_threadID", on: "comment", columns: ["threadID"])
            try db.create(table: "inboxItem") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("user", .text).notNull()
                table.column("reason", .text).notNull()
                table.column("slug", .text).notNull()
                table.column("threadID", .integer)
                table.column("actor", .text).notNull()
                table.column("summary", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("doneAt", .datetime)
            }
            try db.create(index: "inboxItem_user", on: "inboxItem", columns: ["user", "doneAt"])
            try db.create(table: "webhook") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("url", .text).notNull()
                table.column("secret", .text).notNull()
                table.column("events", .text).notNull()
                table.column("active", .boolean).notNull()
                table.column("createdBy", .text).notNull()
                table.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "delivery") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("webhookID", .integer).notNull().references("webhook", onDelete: .cascade)
                table.column("event", .text).notNull()
                table.column("payload", .blob).notNull()
                table.column("state", .text).notNull()
                table.column("attempts", .integer).notNull()
                table.column("nextAttemptAt", .datetime).notNull()
                table.column("leaseUntil", .datetime)
                table.column("lastStatus", .integer)
                table.column("lastError", .text)
                table.column("createdAt", .datetime).notNull()
                table.column("finishedAt", .datetime)
            }
            try db.create(index: "delivery_pending", on: "delivery", columns: ["state", "webhookID", "id"])
        }
        migrator.registerMigration("v6: idempotency keys for audit entries and events") { db in
            try db.alter(table: "audit") { table in table.add(column: "idempotencyKey", .text) }
            try db.create(index: "audit_idempotencyKey", on: "audit", columns: ["idempotencyKey"], options: .unique)
            try db.alter(table: "delivery") { table in table.add(column: "eventKey", .text) }
            try db.create(index: "delivery_eventKey", on: "delivery", columns: ["webhookID", "eventKey"], options: .unique)
        }
        return migrator
    }
}

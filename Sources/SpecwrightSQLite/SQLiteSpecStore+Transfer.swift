import Foundation
import GRDB
import SpecwrightCore
import SpecwrightStore

extension SQLiteSpecStore {
    /// Copies the whole database to `path` with SQLite's online backup, safe while the server
    /// writes: into a temporary file beside it, flushed, then renamed over `path`, so `path` is
    /// either the old file or a complete copy.
    public func backup(to path: String) throws {
        let target = URL(fileURLWithPath: path)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let copy = try DatabaseQueue(path: temporary.path)
        try writer.backup(to: copy)
        // One file, no write-ahead log beside it: the copy is complete on its own.
        try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
        try copy.close()
        let handle = try FileHandle(forUpdating: temporary)
        try handle.synchronize()
        try handle.close()
        // rename(2) replaces the target in one step, whether or not it exists.
        guard rename(temporary.path, target.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
    }
}

extension SQLiteSpecStore: SpecStoreTransfer {
    public func exportContents() async throws -> StoreContents {
        try await writer.read { db in
            var contents = StoreContents()
            contents.specs = try SpecRecord.order(Columns.id).fetchAll(db)
            contents.revisions = try RevisionRecord.order(Columns.id).fetchAll(db)
            contents.signOffs = try SignOffRecord.order(Columns.id).fetchAll(db)
            contents.users = try UserRecord.order(Columns.id).fetchAll(db)
            contents.tokens = try TokenRecord.order(Columns.id).fetchAll(db)
            contents.sessions = try SessionRecord.order(Columns.id).fetchAll(db)
            contents.audit = try AuditRecord.order(Columns.id).fetchAll(db)
            contents.threads = try ThreadRecord.order(Columns.id).fetchAll(db)
            contents.comments = try CommentRecord.order(Columns.id).fetchAll(db)
            contents.inboxItems = try InboxItemRecord.order(Columns.id).fetchAll(db)
            contents.webhooks = try WebhookRecord.order(Columns.id).fetchAll(db)
            contents.deliveries = try DeliveryRecord.order(Columns.id).fetchAll(db)
            return contents
        }
    }

    public func importContents(_ contents: StoreContents, mode: ImportMode) async throws {
        do {
            try await copy(contents, mode: mode)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict("the target already holds a row with the same key (was it written to meanwhile?)")
        }
    }

    private func copy(_ contents: StoreContents, mode: ImportMode) async throws {
        try await writer.write { db in
            if mode == .intoEmpty, try SpecRecord.fetchCount(db) + UserRecord.fetchCount(db) > 0 {
                throw StoreError.conflict("the target database is not empty")
            }
            if mode == .replacing {
                for table in ["delivery", "webhook", "inboxItem", "comment", "thread", "audit", "session", "token", "signoff", "revision", "spec", "user"] { try db.execute(sql: "DELETE FROM \(table)") }
            }
            for var record in contents.users { try record.insert(db) }
            for var record in contents.tokens { try record.insert(db) }
            for var record in contents.sessions { try record.insert(db) }
            for var record in contents.specs { try record.insert(db) }
            for var record in contents.revisions { try record.insert(db) }
            for var record in contents.signOffs { try record.insert(db) }
            for var record in contents.audit { try record.insert(db) }
            for var record in contents.threads { try record.insert(db) }
            for var record in contents.comments { try record.insert(db) }
            for var record in contents.inboxItems { try record.insert(db) }
            for var record in contents.webhooks { try record.insert(db) }
            for var record in contents.deliveries { try record.insert(db) }
        }
    }
}

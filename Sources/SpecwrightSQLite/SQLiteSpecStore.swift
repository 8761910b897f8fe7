import Foundation
import GRDB
import SpecwrightCore
import SpecwrightStore

/// ``SpecStore`` on SQLite through GRDB: a WAL-mode database pool for a file, or an in-memory
/// database for tests, both with one configuration, and named, append-only migrations.
///
/// ```swift
/// let store = try SQLiteSpecStore(path: ".specwright/specwright.db")
/// let spec = try await store.createSpec(facts, markdown: text, author: "ada", message: "created")
/// ```
public final class SQLiteSpecStore: SpecStore {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) a database file, in WAL mode (a database pool's journal).
    public init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        writer = try DatabasePool(path: path, configuration: Self.configuration)
        try Self.migrator.migrate(writer)
    }

    /// An in-memory database (for tests), with the same configuration as a file.
    public init() throws {
        writer = try DatabaseQueue(configuration: Self.configuration)
        try Self.migrator.migrate(writer)
    }

    /// Every connection's settings: foreign keys on (GRDB's default), and a writer waits up to
    /// 5 s for another's lock instead of failing at once.
    static var configuration: Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        return configuration
    }

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
        return migrator
    }

    /// The spec called `slug`, archived or not, or ``StoreError/notFound(_:)``.
    private static func existingSpec(_ db: Database, slug: String) throws -> SpecRecord {
        guard let spec = try SpecRecord.filter(Columns.slug == slug).fetchOne(db) else { throw StoreError.notFound("no spec '\(slug)'") }
        return spec
    }

    static func hash(_ markdown: String) -> String { SHA256.hex(Array(markdown.utf8)) }

    /// Now, at the millisecond precision SQLite keeps, so a record reads back equal to itself.
    static func now() -> Date { Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000) }

    // MARK: Specs

    public func createSpec(_ facts: SpecFacts, markdown: String, author: String, message: String) async throws -> SpecRecord {
        try await writer.write { db in
            if try SpecRecord.filter(Columns.slug == facts.slug).fetchOne(db) != nil {
                throw StoreError.conflict("a spec with slug '\(facts.slug)' already exists")
            }
            let now = Self.now()
            let hash = Self.hash(markdown)
            var spec = SpecRecord(
                id: nil, slug: facts.slug, title: facts.title, template: facts.template, status: facts.status, version: facts.version,
                author: author, createdAt: now, updatedAt: now, currentRevision: 1, contentHash: hash, archived: false,
                completeness: facts.completeness, errorCount: facts.errorCount, warningCount: facts.warningCount, signOffCounts: facts.signOffCounts)
            try spec.insert(db)
            var revision = RevisionRecord(specID: spec.id!, number: 1, markdown: markdown, contentHash: hash, author: author, message: message, createdAt: now, analysis: facts.analysis)
            try revision.insert(db)
            return spec
        }
    }

    public func spec(slug: String) async throws -> SpecRecord? {
        try await writer.read { db in try SpecRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM spec WHERE slug = ?"), arguments: [slug]) }
    }

    public func specWithCurrentRevision(slug: String) async throws -> (SpecRecord, RevisionRecord)? {
        try await writer.read { db in
            guard let spec = try SpecRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM spec WHERE slug = ?"), arguments: [slug]),
                  let revision = try RevisionRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM revision WHERE specID = ? AND number = ?"), arguments: [spec.id, spec.currentRevision]) else { return nil }
            return (spec, revision)
        }
    }

    /// The specs `query`'s filters select (not its cursor, order or paging).
    private static func filtered(_ query: SpecQuery) -> QueryInterfaceRequest<SpecRecord> {
        var request = SpecRecord.filter(Columns.archived == false)
        if let status = query.status { request = request.filter(sql: "status = ? COLLATE NOCASE", arguments: [status]) }
        if let template = query.template { request = request.filter(Columns.template == template) }
        if let text = query.text, !text.isEmpty {
            // Bound parameter; LIKE wildcards in the user's text are escaped.
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            request = request.filter(sql: "title LIKE ? ESCAPE '\\'", arguments: ["%\(escaped)%"])
        }
        return request
    }

    public func listSpecs(_ query: SpecQuery) async throws -> [SpecRecord] {
        try await writer.read { db in
            var request = Self.filtered(query)
            if query.order == .slug {
                if let cursor = query.cursor { request = request.filter(query.descending ? Columns.slug < cursor : Columns.slug > cursor) }
                return try request.order(query.descending ? Columns.slug.desc : Columns.slug).limit(query.limit, offset: query.cursor == nil ? max(0, query.offset) : 0).fetchAll(db)
            }
            // Column expressions from a fixed list, never from the request's text.
            let column = switch query.order {
            case .slug: "slug"
            case .title: "title COLLATE NOCASE"
            case .status: "status"
            case .template: "template"
            case .version: "version"
            case .author: "author"
            case .updated: "updatedAt"
            case .completeness: "COALESCE(completeness, 0)"
            case .findings: "COALESCE(errorCount, 0) * 1000000 + COALESCE(warningCount, 0)"
            }
            let direction = query.descending ? "DESC" : "ASC"
            return try request.order(sql: "\(column) \(direction), slug \(direction)").limit(query.limit, offset: max(0, query.offset)).fetchAll(db)
        }
    }

    public func countSpecs(_ query: SpecQuery) async throws -> Int {
        try await writer.read { db in try Self.filtered(query).fetchCount(db) }
    }

    public func statusCounts() async throws -> [String: Int] {
        try await writer.read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT COALESCE(status, ''), COUNT(*) FROM spec WHERE archived = 0 GROUP BY COALESCE(status, '')"))
            var counts: [String: Int] = [:]
            for row in rows { counts[try row.decode(atIndex: 0) as String, default: 0] += try row.decode(atIndex: 1) as Int }
            return counts
        }
    }

    public func addRevision(slug: String, _ facts: SpecFacts, markdown: String, author: String, message: String, expectedHash: String?) async throws -> SpecRecord {
        try await writer.write { db in
            var spec = try Self.existingSpec(db, slug: slug)
            if let expectedHash, expectedHash != spec.contentHash { throw StoreError.preconditionFailed(current: spec.contentHash) }
            let hash = Self.hash(markdown)
            guard hash != spec.contentHash else {
                if let analysis = facts.analysis { try Self.setAnalysis(db, specID: spec.id!, revision: spec.currentRevision, analysis, unlessSameKey: true) }
                return spec
            }
            let now = Self.now()
            spec.currentRevision += 1
            spec.contentHash = hash
            spec.title = facts.title
            spec.template = facts.template
            spec.status = facts.status
            spec.version = facts.version
            spec.completeness = facts.completeness
            spec.errorCount = facts.errorCount
            spec.warningCount = facts.warningCount
            spec.signOffCounts = facts.signOffCounts
            spec.updatedAt = now
            spec.archived = false
            try spec.update(db)
            var revision = RevisionRecord(
                specID: spec.id!, number: spec.currentRevision, markdown: markdown, contentHash: hash, author: author, message: message, createdAt: now,
                analysis: facts.analysis)
            try revision.insert(db)
            return spec
        }
    }

    public func archiveSpec(slug: String) async throws -> SpecRecord {
        try await writer.write { db in
            var spec = try Self.existingSpec(db, slug: slug)
            spec.archived = true
            spec.updatedAt = Self.now()
            try spec.update(db)
            return spec
        }
    }

    public func setAnalysis(slug: String, revision number: Int, _ analysis: RevisionAnalysis) async throws {
        try await writer.write { db in
            let spec = try Self.existingSpec(db, slug: slug)
            try Self.setAnalysis(db, specID: spec.id!, revision: number, analysis, unlessSameKey: false)
        }
    }

    /// `unlessSameKey` keeps an analysis already made with the same key.
    private static func setAnalysis(_ db: Database, specID: Int64, revision number: Int, _ analysis: RevisionAnalysis, unlessSameKey: Bool) throws {
        let revision = RevisionRecord.filter(Columns.specID == specID && Columns.number == number)
        let target = unlessSameKey ? revision.filter(Columns.analysisKey == nil || Columns.analysisKey != analysis.key) : revision
        let changed = try target.updateAll(db, Columns.analysis.set(to: analysis.data), Columns.analysisKey.set(to: analysis.key))
        if changed == 0, !unlessSameKey, try revision.fetchCount(db) == 0 {
            throw StoreError.notFound("no revision \(number)")
        }
    }

    public func revisions(slug: String) async throws -> [RevisionRecord] {
        try await writer.read { db in
            let spec = try Self.existingSpec(db, slug: slug)
            return try RevisionRecord.filter(Columns.specID == spec.id!).order(Columns.number).fetchAll(db)
        }
    }

    public func revision(slug: String, number: Int) async throws -> RevisionRecord? {
        try await writer.read { db in
            let spec = try Self.existingSpec(db, slug: slug)
            return try RevisionRecord.filter(Columns.specID == spec.id! && Columns.number == number).fetchOne(db)
        }
    }

    public func addSignOff(slug: String, role: String, user: String, contentHash: String) async throws -> SignOffRecord {
        try await writer.write { db in
            let spec = try Self.existingSpec(db, slug: slug)
            var record = SignOffRecord(id: nil, specID: spec.id!, revision: spec.currentRevision, role: role, user: user, contentHash: contentHash, createdAt: Self.now())
            try record.insert(db)
            return record
        }
    }

    public func signOffs(slug: String) async throws -> [SignOffRecord] {
        try await writer.read { db in
            let spec = try Self.existingSpec(db, slug: slug)
            return try SignOffRecord.filter(Columns.specID == spec.id!).order(Columns.id).fetchAll(db)
        }
    }

    public func signOffs(byUser user: String) async throws -> [SignOffEntry] {
        try await writer.read { db in
            let sql = "SELECT spec.slug, spec.title, signoff.* FROM signoff JOIN spec ON spec.id = signoff.specID WHERE signoff.user = ? AND spec.archived = 0 ORDER BY signoff.id DESC"
            return try Row.fetchAll(db, sql: sql, arguments: [user]).map { row in
                SignOffEntry(slug: try row.decode(atIndex: 0), title: try row.decode(atIndex: 1), signOff: try SignOffRecord(row: row))
            }
        }
    }

    // MARK: Users and tokens

    public func createUser(name: String, role: UserRole, passwordHash: String?, mustChangePassword: Bool) async throws -> UserRecord {
        try await writer.write { db in
            if try UserRecord.filter(Columns.name == name).fetchOne(db) != nil { throw StoreError.conflict("user '\(name)' already exists") }
            var user = UserRecord(id: nil, name: name, role: role, createdAt: Self.now(), passwordHash: passwordHash, mustChangePassword: mustChangePassword)
            try user.insert(db)
            return user
        }
    }

    public func user(named name: String) async throws -> UserRecord? {
        try await writer.read { db in try UserRecord.filter(Columns.name == name).fetchOne(db) }
    }

    public func users() async throws -> [UserRecord] {
        try await writer.read { db in try UserRecord.order(Columns.name).fetchAll(db) }
    }

    public func updateUser(named name: String, _ change: UserChange) async throws -> UserRecord {
        try await writer.write { db in
            guard var user = try UserRecord.filter(Columns.name == name).fetchOne(db) else { throw StoreError.notFound("no user '\(name)'") }
            if let hash = change.passwordHash { user.passwordHash = hash }
            if let must = change.mustChangePassword { user.mustChangePassword = must }
            if let role = change.role { user.role = role }
            if let disabled = change.disabled { user.disabled = disabled }
            try user.update(db)
            if change.passwordHash != nil || change.disabled == true {
                try SessionRecord.filter(Column("userID") == user.id!).deleteAll(db)
            }
            return user
        }
    }

    // MARK: Sessions

    public func createSession(_ session: SessionRecord) async throws -> SessionRecord {
        try await writer.write { db in
            var session = session
            try session.insert(db)
            // Expired sessions are removed as new ones come, so the table stays small.
            try SessionRecord.filter(Column("expiresAt") < Self.now()).deleteAll(db)
            return session
        }
    }

    public func session(idHash: String, idleSince: Date) async throws -> (SessionRecord, UserRecord)? {
        try await writer.read { db in
            guard let session = try SessionRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM session WHERE idHash = ?"), arguments: [idHash]),
                  session.expiresAt > Date(), session.lastSeenAt >= idleSince,
                  let user = try UserRecord.fetchOne(db, key: session.userID), !user.disabled else { return nil }
            return (session, user)
        }
    }

    public func touchSession(idHash: String, at time: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE session SET lastSeenAt = ? WHERE idHash = ?", arguments: [time, idHash])
        }
    }

    public func deleteSession(idHash: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM session WHERE idHash = ?", arguments: [idHash])
        }
    }

    public func addToken(userID: Int64, tokenHash: String, prefix: String) async throws -> TokenRecord {
        try await writer.write { db in
            var token = TokenRecord(id: nil, userID: userID, tokenHash: tokenHash, prefix: prefix, createdAt: Self.now(), revokedAt: nil)
            try token.insert(db)
            return token
        }
    }

    public func user(forTokenHash hash: String) async throws -> UserRecord? {
        try await writer.read { db in
            try UserRecord.fetchOne(db.cachedStatement(sql: "SELECT user.* FROM token JOIN user ON user.id = token.userID WHERE token.tokenHash = ? AND token.revokedAt IS NULL AND user.disabled = 0"), arguments: [hash])
        }
    }

    public func revokeToken(prefix: String) async throws -> Bool {
        try await writer.write { db in
            let tokens = try TokenRecord.filter(sql: "prefix = ? AND revokedAt IS NULL", arguments: [prefix]).fetchAll(db)
            for var token in tokens {
                token.revokedAt = Self.now()
                try token.update(db)
            }
            return !tokens.isEmpty
        }
    }

    public func tokens() async throws -> [TokenEntry] {
        try await writer.read { db in
            let sql = """
                SELECT token.prefix, user.name, user.role, token.createdAt, token.revokedAt
                FROM token JOIN user ON user.id = token.userID ORDER BY token.createdAt, token.id
                """
            return try Row.fetchAll(db, sql: sql).map { row in
                TokenEntry(prefix: try row.decode(atIndex: 0), user: try row.decode(atIndex: 1), role: try row.decode(atIndex: 2),
                             createdAt: try row.decode(atIndex: 3), revokedAt: try row.decode(atIndex: 4))
            }
        }
    }

    public func tokenCount() async throws -> Int {
        try await writer.read { db in try TokenRecord.fetchCount(db) }
    }

    // MARK: Audit

    public func audit(_ entry: AuditRecord) async throws {
        try await writer.write { db in
            var entry = entry
            try entry.insert(db)
        }
    }

    public func auditLog(_ query: AuditQuery) async throws -> [AuditRecord] {
        try await writer.read { db in
            var request = AuditRecord.all()
            if let user = query.user { request = request.filter(Column("user") == user) }
            if let action = query.action, !action.isEmpty {
                let escaped = action.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
                request = request.filter(sql: "action LIKE ? ESCAPE '\\'", arguments: ["\(escaped)%"])
            }
            if let outcome = query.outcome { request = request.filter(Column("outcome") == outcome) }
            if let before = query.before { request = request.filter(Columns.id < before) }
            return try request.order(Columns.id.desc).limit(query.limit).fetchAll(db)
        }
    }

    public func ping() async throws {
        _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }
}

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
            return contents
        }
    }

    public func importContents(_ contents: StoreContents, replacing: Bool) async throws {
        try await writer.write { db in
            if !replacing, try SpecRecord.fetchCount(db) + UserRecord.fetchCount(db) > 0 {
                throw StoreError.conflict("the target database is not empty")
            }
            if replacing {
                for table in ["audit", "session", "token", "signoff", "revision", "spec", "user"] { try db.execute(sql: "DELETE FROM \(table)") }
            }
            for var record in contents.users { try record.insert(db) }
            for var record in contents.tokens { try record.insert(db) }
            for var record in contents.sessions { try record.insert(db) }
            for var record in contents.specs { try record.insert(db) }
            for var record in contents.revisions { try record.insert(db) }
            for var record in contents.signOffs { try record.insert(db) }
            for var record in contents.audit { try record.insert(db) }
        }
    }
}
